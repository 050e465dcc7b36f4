package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Service levels a product promises its consumers (the guide's {@code sla}): how fresh the data is, how often it is
 * readable, and what share of quality checks pass. Declared targets only; the platform measures the actual values.
 */
public record Sla(Optional<DurationSpec> freshness, Optional<Percentage> availability, Optional<Percentage> accuracy) {
    public Sla {
        requireNonNull(freshness, "freshness is null");
        requireNonNull(availability, "availability is null");
        requireNonNull(accuracy, "accuracy is null");
    }

    public static Sla none() {
        return new Sla(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return freshness.isEmpty() && availability.isEmpty() && accuracy.isEmpty();
    }
}
