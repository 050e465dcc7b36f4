package org.meshwork.api.descriptor;

import java.util.Locale;
import java.util.Optional;

/** How a policy failure counts: {@code required} blocks, {@code recommended} warns, {@code optional} informs. */
public enum Enforcement {
    REQUIRED, RECOMMENDED, OPTIONAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Enforcement> fromLabel(String label) {
        for (Enforcement value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
