package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.meshwork.api.ProductId;
import org.meshwork.api.quality.CheckResult;

/**
 * A check result as the metadata store keeps it: the run it belongs to, the product, when it was evaluated, and the
 * result. Stored failing samples keep their values as text (or null), whatever their type was in the run.
 */
public record StoredCheckResult(String runId, ProductId productId, Instant evaluatedAt, CheckResult result) {
    public StoredCheckResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(productId, "productId is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        requireNonNull(result, "result is null");
    }
}
