package org.meshwork.api.descriptor;

import java.util.Locale;
import java.util.Optional;

/** When a policy is evaluated: at apply, before a run publishes, on each access, or continuously in the server. */
public enum PolicyStage {
    APPLY, RUN, ACCESS, CONTINUOUS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PolicyStage> fromLabel(String label) {
        for (PolicyStage value : values()) {
            if (value.label().equals(label)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
