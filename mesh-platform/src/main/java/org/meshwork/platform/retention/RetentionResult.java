package org.meshwork.platform.retention;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.RowExpiry;

/**
 * What one retention pass did to one product.
 *
 * @param retention the declared retention, empty when the product declares none (then nothing was done)
 * @param expiry how its rows expired; empty without a retention
 * @param cutoff rows older than it (by event time or by commit time) were deleted; empty without a retention
 * @param rowsDeleted rows deleted from the current data
 * @param newVersion the table version that no longer holds them, when rows were deleted
 * @param quarantineRowsDeleted rows deleted from the quarantine table (by commit time)
 * @param deletedFiles files physically removed, each as {@code <table directory>/<path>}: those of the expired
 *     snapshots and of the rewritten or removed data, in the table and its quarantine table
 * @param note what happened, in words
 */
public record RetentionResult(
        ProductId product,
        Optional<Duration> retention,
        Optional<RowExpiry> expiry,
        Optional<Instant> cutoff,
        long rowsDeleted,
        Optional<Long> newVersion,
        long quarantineRowsDeleted,
        List<String> deletedFiles,
        long deletedBytes,
        String note) {

    public RetentionResult {
        requireNonNull(product, "product is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(expiry, "expiry is null");
        requireNonNull(cutoff, "cutoff is null");
        requireNonNull(newVersion, "newVersion is null");
        deletedFiles = List.copyOf(deletedFiles);
        requireNonNull(note, "note is null");
    }

    /** A pass that did nothing to {@code product}, and why. */
    static RetentionResult nothingDone(ProductId product, String note) {
        return new RetentionResult(product, Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0,
                List.of(), 0, note);
    }
}
