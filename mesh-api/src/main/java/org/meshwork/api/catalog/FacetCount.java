package org.meshwork.api.catalog;

import static java.util.Objects.requireNonNull;

/** How many matching entries have one value of a facet. */
public record FacetCount(String value, long count) {
    public FacetCount {
        requireNonNull(value, "value is null");
    }
}
