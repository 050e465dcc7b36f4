package org.meshwork.api.descriptor;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** {@code error} checks are required: a failure blocks publication. {@code warn} checks are reported only. */
public enum CheckSeverity {
    ERROR, WARN;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<CheckSeverity> fromLabel(String label) {
        return EnumLabels.fromLabel(CheckSeverity.class, label);
    }
}
