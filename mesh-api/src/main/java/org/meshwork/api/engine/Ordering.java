package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

/** One key of a {@link ProductRead}'s order. */
public record Ordering(String column, boolean descending, boolean nullsFirst) {

    public Ordering {
        requireNonNull(column, "column is null");
    }
}
