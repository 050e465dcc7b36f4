package org.meshwork.api.catalog;

import java.util.List;
import java.util.Map;

/**
 * The hits of a search (best first, at most the query's limit), how many entries matched in all, and for each facet
 * ({@link SearchIndex#FACETS}) the counts of its values among the matches, largest first.
 */
public record SearchResult(long total, List<SearchHit> hits, Map<String, List<FacetCount>> facets) {
    public SearchResult {
        hits = List.copyOf(hits);
        facets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facets));
    }
}
