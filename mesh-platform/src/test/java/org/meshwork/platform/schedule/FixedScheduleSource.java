package org.meshwork.platform.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.meshwork.api.ProductId;

/** A schedule source a test fills and changes; it can also be told to fail once. */
final class FixedScheduleSource implements ScheduleSource {
    private final List<ScheduledProduct> products = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failNext;

    FixedScheduleSource add(ScheduledProduct product) {
        products.add(product);
        return this;
    }

    void failNextRead(RuntimeException exception) {
        failNext = exception;
    }

    @Override
    public List<ScheduledProduct> products() {
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
        return List.copyOf(products);
    }

    static ScheduledProduct scheduled(ProductId id, String cron, Instant activeSince) {
        return new ScheduledProduct(id, Optional.of(CronSchedule.parse(cron)), 0, Duration.ofMinutes(1), Set.of(), activeSince);
    }

    static ScheduledProduct retried(ProductId id, String cron, int retries, Duration backoff, Instant activeSince) {
        return new ScheduledProduct(id, Optional.of(CronSchedule.parse(cron)), retries, backoff, Set.of(), activeSince);
    }

    static ScheduledProduct downstreamOf(ProductId id, Instant activeSince, ProductId... upstream) {
        return new ScheduledProduct(id, Optional.empty(), 0, Duration.ofMinutes(1), Set.of(upstream), activeSince);
    }
}
