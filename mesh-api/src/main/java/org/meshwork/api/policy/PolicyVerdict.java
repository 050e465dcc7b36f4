package org.meshwork.api.policy;

import java.util.Optional;
import org.meshwork.api.EnumLabels;
import org.meshwork.api.descriptor.Enforcement;

/**
 * The outcome of one policy for one product: {@code pass}, or a failure counted by the policy's enforcement —
 * {@code fail} (required: blocks), {@code warn} (recommended: reported and recorded), {@code info} (optional).
 */
public enum PolicyVerdict {
    PASS, FAIL, WARN, INFO;

    /** The verdict of a failed rule under {@code enforcement}. */
    public static PolicyVerdict failureUnder(Enforcement enforcement) {
        switch (enforcement) {
            case REQUIRED:
                return FAIL;
            case RECOMMENDED:
                return WARN;
            case OPTIONAL:
                return INFO;
        }
        throw new IllegalArgumentException("unknown enforcement " + enforcement);
    }

    public boolean blocks() {
        return this == FAIL;
    }

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<PolicyVerdict> fromLabel(String label) {
        return EnumLabels.fromLabel(PolicyVerdict.class, label);
    }
}
