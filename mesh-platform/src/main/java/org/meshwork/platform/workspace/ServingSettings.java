package org.meshwork.platform.workspace;

import java.time.Duration;

/**
 * Limits of the governed read path ({@code serving:} in {@code mesh.yaml}), the same for the REST API and the CLI.
 *
 * @param rowLimit the most rows one read or query returns; a larger {@code limit} is refused
 * @param queryTimeout how long one read or query may run before it is cancelled
 * @param maxConcurrentQueriesPerUser how many reads and queries one principal may run at once; more are refused
 *     with {@code too_many_requests}
 * @param sessionPoolSize how many locked-down engine databases the read path keeps for reuse by reads with an
 *     identical access decision and snapshot (0: a fresh database for every read)
 * @param sessionIdleTimeout how long a pooled database nobody reads from is kept
 */
public record ServingSettings(long rowLimit, Duration queryTimeout, int maxConcurrentQueriesPerUser,
        int sessionPoolSize, Duration sessionIdleTimeout) {
    public static final long ROW_LIMIT_DEFAULT = 1_000_000;
    public static final Duration QUERY_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final int MAX_CONCURRENT_DEFAULT = 4;
    public static final int SESSION_POOL_SIZE_DEFAULT = 8;
    public static final Duration SESSION_IDLE_TIMEOUT_DEFAULT = Duration.ofMinutes(1);

    /** The limits with the default session pool. */
    public ServingSettings(long rowLimit, Duration queryTimeout, int maxConcurrentQueriesPerUser) {
        this(rowLimit, queryTimeout, maxConcurrentQueriesPerUser, SESSION_POOL_SIZE_DEFAULT,
                SESSION_IDLE_TIMEOUT_DEFAULT);
    }

    public ServingSettings {
        if (rowLimit < 1) {
            throw new IllegalArgumentException("row_limit must be at least 1, got " + rowLimit);
        }
        if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("query_timeout must be positive, got " + queryTimeout);
        }
        if (maxConcurrentQueriesPerUser < 1) {
            throw new IllegalArgumentException(
                    "max_concurrent_queries_per_user must be at least 1, got " + maxConcurrentQueriesPerUser);
        }
        if (sessionPoolSize < 0) {
            throw new IllegalArgumentException("session_pool_size must not be negative, got " + sessionPoolSize);
        }
        if (sessionIdleTimeout == null || sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("session_idle_timeout must be positive, got " + sessionIdleTimeout);
        }
    }

    public static ServingSettings defaults() {
        return new ServingSettings(ROW_LIMIT_DEFAULT, QUERY_TIMEOUT_DEFAULT, MAX_CONCURRENT_DEFAULT);
    }
}
