package org.meshwork.api.descriptor;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** When a policy is evaluated: at apply, before a run publishes, on each access, or continuously in the server. */
public enum PolicyStage {
    APPLY, RUN, ACCESS, CONTINUOUS;

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<PolicyStage> fromLabel(String label) {
        return EnumLabels.fromLabel(PolicyStage.class, label);
    }
}
