package org.meshwork.api.descriptor;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** How a run's result replaces the product's table: a full refresh or an incremental append. */
public enum WriteMode {
    OVERWRITE, APPEND;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<WriteMode> fromLabel(String label) {
        return EnumLabels.fromLabel(WriteMode.class, label);
    }
}
