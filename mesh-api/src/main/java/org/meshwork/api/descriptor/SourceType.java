package org.meshwork.api.descriptor;

import java.util.Locale;
import java.util.Optional;

/** Where a source's rows come from. */
public enum SourceType {
    CSV, JSON, PARQUET, JDBC, HTTP, PRODUCT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceType> fromLabel(String label) {
        for (SourceType type : values()) {
            if (type.label().equals(label)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
