package org.meshwork.platform.serving;

import static java.util.Objects.requireNonNull;

/** One column of an {@code order=} clause ({@code amount.desc}). */
public record SortKey(String column, boolean descending, boolean nullsFirst) {

    public SortKey {
        requireNonNull(column, "column is null");
    }
}
