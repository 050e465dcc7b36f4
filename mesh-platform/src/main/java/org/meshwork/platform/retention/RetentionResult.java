package org.meshwork.platform.retention;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * What one retention pass did to one product.
 *
 * @param retention the declared retention, empty when the product declares none (then nothing was done)
 * @param cutoff rows whose event time lies before it were deleted; empty without a retention
 * @param rowsDeleted rows deleted from the current data (0 without an event time column)
 * @param newVersion the table version that no longer holds them, when rows were deleted
 * @param deletedFiles files physically removed: those of the expired snapshots and of the rewritten data
 * @param note what happened, in words
 */
public record RetentionResult(
        ProductId product,
        Optional<Duration> retention,
        Optional<Instant> cutoff,
        long rowsDeleted,
        Optional<Long> newVersion,
        List<String> deletedFiles,
        long deletedBytes,
        String note) {

    public RetentionResult {
        requireNonNull(product, "product is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(cutoff, "cutoff is null");
        requireNonNull(newVersion, "newVersion is null");
        deletedFiles = List.copyOf(deletedFiles);
        requireNonNull(note, "note is null");
    }
}
