package org.meshwork.api.descriptor;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** Where a source's rows come from. */
public enum SourceType {
    CSV, JSON, PARQUET, JDBC, HTTP, PRODUCT;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<SourceType> fromLabel(String label) {
        return EnumLabels.fromLabel(SourceType.class, label);
    }
}
