package org.meshwork.api;

import java.util.Locale;

/** How sensitive a data product is; decides who may read it by default. Ordered from least to most sensitive. */
public enum Classification {
    PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED;

    public static Classification parse(String text) {
        for (Classification value : values()) {
            if (value.label().equals(text)) {
                return value;
            }
        }
        throw new InvalidArgumentException(
                "sensitivity '" + text + "' is not one of public, internal, confidential, restricted");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
