package org.meshwork.api.descriptor;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** How a policy failure counts: {@code required} blocks, {@code recommended} warns, {@code optional} informs. */
public enum Enforcement {
    REQUIRED, RECOMMENDED, OPTIONAL;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<Enforcement> fromLabel(String label) {
        return EnumLabels.fromLabel(Enforcement.class, label);
    }
}
