package org.meshwork.api.descriptor;

import java.util.Locale;
import java.util.Optional;

/** How a run's result replaces the product's table: a full refresh or an incremental append. */
public enum WriteMode {
    OVERWRITE, APPEND;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WriteMode> fromLabel(String label) {
        for (WriteMode mode : values()) {
            if (mode.label().equals(label)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
