package org.meshwork.platform.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.UserName;

/**
 * At most {@code max} reads and queries per principal at once (in this process): one reader cannot take every engine
 * thread. A read over the limit is refused at once with {@code too_many_requests} rather than queued, so the caller
 * decides whether to retry.
 */
final class QueryLimiter {

    private final int max;
    private final ConcurrentHashMap<UserName, AtomicInteger> running = new ConcurrentHashMap<>();

    QueryLimiter(int max) {
        this.max = max;
    }

    /** Takes a slot; run the returned action (once) to give it back. */
    Runnable acquire(UserName user) {
        AtomicInteger count = running.computeIfAbsent(user, key -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw new MeshException(ErrorCode.TOO_MANY_REQUESTS, user + " already runs " + max + " queries, the most"
                    + " serving.max_concurrent_queries_per_user allows; wait for one to finish and retry");
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
    }

    int running(UserName user) {
        AtomicInteger count = running.get(user);
        return count == null ? 0 : count.get();
    }
}
