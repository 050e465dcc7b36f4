package org.meshwork.platform.serving;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.meshwork.api.query.Predicate;

/**
 * A read of one product: the columns to return (empty: every column the reader may see), filters (all must hold),
 * order, the page ({@code limit}/{@code offset}, or a {@code cursor} returned by the previous page), and which snapshot
 * ({@code version} or {@code asOf}; neither: the current one).
 */
public record DataRequest(
        List<String> select,
        List<Predicate> filters,
        List<SortKey> order,
        OptionalLong limit,
        long offset,
        Optional<String> cursor,
        OptionalLong version,
        Optional<Instant> asOf) {

    public DataRequest {
        select = List.copyOf(select);
        filters = List.copyOf(filters);
        order = List.copyOf(order);
        requireNonNull(limit, "limit is null");
        requireNonNull(cursor, "cursor is null");
        requireNonNull(version, "version is null");
        requireNonNull(asOf, "asOf is null");
    }

    /** Every row and column the reader may see, of the current snapshot. */
    public static DataRequest all() {
        return new DataRequest(List.of(), List.of(), List.of(), OptionalLong.empty(), 0, Optional.empty(),
                OptionalLong.empty(), Optional.empty());
    }
}
