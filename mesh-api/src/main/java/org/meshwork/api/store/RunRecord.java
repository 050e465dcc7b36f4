package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * One run of a product's pipeline: what started it, how it ended, how many rows it read, wrote and quarantined, and
 * the table version it published (empty when it published nothing).
 */
public record RunRecord(
        String runId,
        ProductId productId,
        long descriptorVersion,
        RunTrigger trigger,
        RunStatus status,
        Instant startedAt,
        Optional<Instant> endedAt,
        long rowsRead,
        long rowsWritten,
        long rowsQuarantined,
        long bytesWritten,
        Optional<Long> tableVersion,
        Optional<String> error) {

    public RunRecord {
        requireNonNull(runId, "runId is null");
        requireNonNull(productId, "productId is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(endedAt, "endedAt is null");
        requireNonNull(tableVersion, "tableVersion is null");
        requireNonNull(error, "error is null");
    }

    /** A run that has just started. */
    public static RunRecord started(String runId, ProductId productId, long descriptorVersion, RunTrigger trigger, Instant at) {
        return new RunRecord(runId, productId, descriptorVersion, trigger, RunStatus.RUNNING, at, Optional.empty(),
                0, 0, 0, 0, Optional.empty(), Optional.empty());
    }
}
