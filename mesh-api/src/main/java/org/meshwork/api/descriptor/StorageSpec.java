package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where and how a product's data is kept (the guide's {@code storage}): e.g. {@code type: data-lake},
 * {@code format: delta-lake}, {@code location: s3://…} (resolved through the workspace's storage roots),
 * {@code retention: 90 days}, {@code encryption: AES-256}, the {@code region} the data must stay in, and the
 * {@code event_time_column} (a DATE or TIMESTAMP output column) by which the retention job deletes expired rows, and
 * {@code expire_by}, how rows expire under the retention (see {@link #rowExpiry()}).
 */
public record StorageSpec(
        Optional<String> type,
        Optional<String> format,
        Optional<String> location,
        Optional<DurationSpec> retention,
        Optional<String> encryption,
        Optional<String> region,
        Optional<String> eventTimeColumn,
        Optional<RowExpiry> expireBy) {

    public StorageSpec {
        requireNonNull(type, "type is null");
        requireNonNull(format, "format is null");
        requireNonNull(location, "location is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(encryption, "encryption is null");
        requireNonNull(region, "region is null");
        requireNonNull(eventTimeColumn, "eventTimeColumn is null");
        requireNonNull(expireBy, "expireBy is null");
    }

    /**
     * How rows expire: {@code expire_by} as declared; without it, {@link RowExpiry#EVENT_TIME} when an
     * {@code event_time_column} is named, else {@link RowExpiry#COMMIT_TIME} (the data files' commit time is the one
     * age every row has). The descriptor validator refuses {@code expire_by: event_time} without a column and
     * {@code expire_by: commit_time} with one.
     */
    public RowExpiry rowExpiry() {
        return expireBy.orElse(eventTimeColumn.isPresent() ? RowExpiry.EVENT_TIME : RowExpiry.COMMIT_TIME);
    }
}
