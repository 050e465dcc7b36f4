package org.meshwork.platform.retention;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.RowExpiry;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.platform.product.ProductDefinition;

/**
 * How a product's retention is enforced: the declared duration ({@code spec.retention_period_days} or
 * {@code spec.storage.retention}; the shorter wins when both are given) and how its rows expire
 * ({@link StorageSpec#rowExpiry()}). The product's quarantine table always expires by commit time under the same
 * duration: its rows are raw source rows, and the run that quarantined them is their only age.
 *
 * @param eventTimeColumn the column rows expire by; present exactly when {@code expiry} is {@link RowExpiry#EVENT_TIME}
 * @param expiryDeclared whether {@code storage.expire_by} or {@code storage.event_time_column} said how rows expire,
 *     or the default (commit time) applies
 */
public record RetentionPlan(Duration retention, RowExpiry expiry, Optional<String> eventTimeColumn,
        boolean expiryDeclared) {

    public RetentionPlan {
        requireNonNull(retention, "retention is null");
        requireNonNull(expiry, "expiry is null");
        requireNonNull(eventTimeColumn, "eventTimeColumn is null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        if (eventTimeColumn.isPresent() != (expiry == RowExpiry.EVENT_TIME)) {
            throw new IllegalArgumentException("an event time column goes with expiry by event time, and only with it");
        }
    }

    /** The plan of a product; empty when it declares no retention. */
    public static Optional<RetentionPlan> of(ProductDefinition definition) {
        Optional<Duration> days = definition.product().flatMap(DataProductDescriptor::retentionPeriodDays)
                .map(d -> Duration.ofDays(d.longValue()));
        Optional<StorageSpec> storage = definition.infrastructure().storage();
        Optional<Duration> declared = storage.flatMap(StorageSpec::retention).map(DurationSpec::duration);
        Optional<Duration> retention = days.isPresent() && declared.isPresent()
                ? Optional.of(days.get().compareTo(declared.get()) <= 0 ? days.get() : declared.get())
                : days.or(() -> declared);
        if (retention.isEmpty()) {
            return Optional.empty();
        }
        RowExpiry expiry = storage.map(StorageSpec::rowExpiry).orElse(RowExpiry.COMMIT_TIME);
        boolean explicit = storage.filter(s -> s.expireBy().isPresent() || s.eventTimeColumn().isPresent()).isPresent();
        Optional<String> column = expiry == RowExpiry.EVENT_TIME ? storage.flatMap(StorageSpec::eventTimeColumn)
                : Optional.empty();
        return Optional.of(new RetentionPlan(retention.get(), expiry, column, explicit));
    }

    /** Rows older than this expire at {@code now}. */
    public Instant cutoff(Instant now) {
        return now.minus(retention);
    }

    /** The plan in words, as {@code mesh apply} notes it, e.g. {@code 90 days, rows expire by commit time (default)}. */
    public String describe() {
        String how = switch (expiry) {
            case EVENT_TIME -> "rows expire by event time (" + eventTimeColumn.orElseThrow() + ")";
            case COMMIT_TIME -> "rows expire by commit time" + (expiryDeclared ? ""
                    : " (no storage.event_time_column; set storage.expire_by to say so)");
        };
        return days(retention) + ", " + how + "; quarantined rows by commit time";
    }

    private static String days(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + " days" : duration.toString();
    }
}
