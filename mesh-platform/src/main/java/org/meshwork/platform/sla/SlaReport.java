package org.meshwork.platform.sla;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Sla;

/**
 * A product's service levels at one instant: each declared objective measured, the overall colour, the quality
 * metrics of the window, and the status changes in the window, oldest first.
 */
public record SlaReport(
        ProductId productId,
        Instant at,
        Duration window,
        Sla sla,
        Optional<Instant> lastPublished,
        List<ObjectiveReport> objectives,
        SlaColour colour,
        QualityMetrics metrics,
        List<SlaTransition> transitions) {

    public SlaReport {
        requireNonNull(productId, "productId is null");
        requireNonNull(at, "at is null");
        requireNonNull(window, "window is null");
        requireNonNull(sla, "sla is null");
        requireNonNull(lastPublished, "lastPublished is null");
        objectives = List.copyOf(objectives);
        requireNonNull(colour, "colour is null");
        requireNonNull(metrics, "metrics is null");
        transitions = List.copyOf(transitions);
    }

    public Optional<ObjectiveReport> objective(SlaObjective objective) {
        return objectives.stream().filter(o -> o.objective() == objective).findFirst();
    }
}
