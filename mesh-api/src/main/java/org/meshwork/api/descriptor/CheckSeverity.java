package org.meshwork.api.descriptor;

import java.util.Locale;
import java.util.Optional;

/** {@code error} checks are required: a failure blocks publication. {@code warn} checks are reported only. */
public enum CheckSeverity {
    ERROR, WARN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckSeverity> fromLabel(String label) {
        for (CheckSeverity value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
