package org.meshwork.api.store;

/**
 * What the metadata store versions. A {@code PRODUCT} holds the effective descriptor of one data product: its
 * {@code DataProduct} document and any {@code DataProductInfrastructure} document attached to it, versioned together.
 */
public enum ResourceKind {
    DOMAIN, PRODUCT, GLOBAL_POLICY, DOMAIN_POLICY, GLOSSARY_TERM
}
