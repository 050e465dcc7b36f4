package org.meshwork.platform.workspace;

import java.time.Duration;

/**
 * Limits of the governed read path ({@code serving:} in {@code mesh.yaml}), the same for the REST API and the CLI.
 *
 * @param rowLimit the most rows one read or query returns; a larger {@code limit} is refused
 * @param queryTimeout how long one read or query may run before it is cancelled
 * @param maxConcurrentQueriesPerUser how many reads and queries one principal may run at once; more are refused
 *     with {@code too_many_requests}
 */
public record ServingSettings(long rowLimit, Duration queryTimeout, int maxConcurrentQueriesPerUser) {
    public static final long ROW_LIMIT_DEFAULT = 1_000_000;
    public static final Duration QUERY_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final int MAX_CONCURRENT_DEFAULT = 4;

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
    }

    public static ServingSettings defaults() {
        return new ServingSettings(ROW_LIMIT_DEFAULT, QUERY_TIMEOUT_DEFAULT, MAX_CONCURRENT_DEFAULT);
    }
}
