package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.ProductId;

/**
 * A {@code DataProductInfrastructure} document (the guide's kind). It attaches to the product
 * {@code dp.<metadata.namespace>.<metadata.name>}, creating it when no {@code DataProduct} declares it yet.
 */
public record InfrastructureDescriptor(
        Metadata metadata,
        SourcePosition origin,
        String document,
        ProductId productId,
        InfrastructureSpec infrastructure) implements Descriptor {

    public InfrastructureDescriptor {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(document, "document is null");
        requireNonNull(productId, "productId is null");
        requireNonNull(infrastructure, "infrastructure is null");
    }

    @Override
    public Kind kind() {
        return Kind.DATA_PRODUCT_INFRASTRUCTURE;
    }
}
