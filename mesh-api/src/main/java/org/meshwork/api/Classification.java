package org.meshwork.api;

/** How sensitive a data product is; decides who may read it by default. Ordered from least to most sensitive. */
public enum Classification {
    PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED;

    public static Classification parse(String text) {
        return EnumLabels.fromLabel(Classification.class, text).orElseThrow(() -> new InvalidArgumentException(
                "sensitivity '" + text + "' is not one of public, internal, confidential, restricted"));
    }

    public String label() {
        return EnumLabels.label(this);
    }
}
