package org.meshwork.api.descriptor;

import java.util.Optional;

/** The {@code kind} of a descriptor document. */
public enum Kind {
    DOMAIN("Domain"),
    DATA_PRODUCT("DataProduct"),
    DATA_PRODUCT_INFRASTRUCTURE("DataProductInfrastructure"),
    GLOBAL_POLICY("GlobalPolicy"),
    DOMAIN_POLICY("DomainPolicy"),
    GLOSSARY_TERM("GlossaryTerm");

    /** The only {@code apiVersion} this release reads. */
    public static final String API_VERSION = "platform/v1";

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    /** The spelling in YAML, e.g. {@code DataProductInfrastructure}. */
    public String label() {
        return label;
    }

    public static Optional<Kind> fromLabel(String label) {
        for (Kind kind : values()) {
            if (kind.label.equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
