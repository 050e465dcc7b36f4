package org.meshwork.platform.sla;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.meshwork.api.EnumLabels;
import org.meshwork.api.ProductId;

/**
 * A change of one objective's status: it became breached, or it recovered.
 *
 * @param at when the change happened (replayed history) or was observed (a monitor's evaluation)
 * @param reason what was measured, in words, e.g. {@code last published 20 min ago; SLA freshness 15min}
 */
public record SlaTransition(ProductId productId, SlaObjective objective, Change change, Instant at, String reason) {
    public SlaTransition {
        requireNonNull(productId, "productId is null");
        requireNonNull(objective, "objective is null");
        requireNonNull(change, "change is null");
        requireNonNull(at, "at is null");
        requireNonNull(reason, "reason is null");
    }

    /** Breach or recovery. */
    public enum Change {
        BREACHED, RECOVERED;

        public String label() {
            return EnumLabels.label(this);
        }
    }
}
