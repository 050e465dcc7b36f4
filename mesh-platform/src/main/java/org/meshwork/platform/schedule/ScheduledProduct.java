package org.meshwork.platform.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.ProductId;

/**
 * What the scheduler needs to know about one product.
 *
 * @param id the product
 * @param schedule when it runs on its own; empty when it runs only manually or on upstream success
 * @param retries how many times a failed or timed-out run is retried; 0 for none
 * @param retryBackoff the wait before the first retry; each further retry waits twice as long as the one before
 * @param upstream the products whose successful run triggers a run of this one (its sources of type {@code product})
 * @param activeSince when the product's current definition was applied: fire times before it are not owed
 */
public record ScheduledProduct(
        ProductId id,
        Optional<CronSchedule> schedule,
        int retries,
        Duration retryBackoff,
        Set<ProductId> upstream,
        Instant activeSince) {
    public static final int RETRIES_DEFAULT = 0;
    public static final Duration RETRY_BACKOFF_DEFAULT = Duration.ofMinutes(1);

    public ScheduledProduct {
        requireNonNull(id, "id is null");
        requireNonNull(schedule, "schedule is null");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0: " + retries);
        }
        requireNonNull(retryBackoff, "retryBackoff is null");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative: " + retryBackoff);
        }
        upstream = Set.copyOf(upstream);
        requireNonNull(activeSince, "activeSince is null");
    }

    /**
     * The wait after failed attempt {@code attempt} (1 for the first run) before the next one:
     * {@code retryBackoff * 2^(attempt-1)}.
     */
    public Duration backoffAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        return retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 30));
    }
}
