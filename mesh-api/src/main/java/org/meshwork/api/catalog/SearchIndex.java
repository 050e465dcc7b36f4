package org.meshwork.api.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The catalog's full-text index of domains, products and glossary terms, with facets. It is derived data: the
 * metadata store is the truth, and the index records the {@code generation} (a fingerprint of the store state it
 * reflects) with every change, so a reader can tell it is stale and rebuild it.
 */
public interface SearchIndex extends AutoCloseable {
    String FACET_DOMAIN = "domain";
    String FACET_TAG = "tag";
    String FACET_SENSITIVITY = "sensitivity";
    String FACET_OWNER_TEAM = "owner_team";
    String FACET_SLA_STATUS = "sla_status";
    List<String> FACETS = List.of(FACET_DOMAIN, FACET_TAG, FACET_SENSITIVITY, FACET_OWNER_TEAM, FACET_SLA_STATUS);

    /** Replaces the whole index with {@code documents}, atomically for readers. */
    void replaceAll(Collection<CatalogDocument> documents, String generation);

    /** Adds or replaces the documents with these ids, and records the new generation, in one commit. */
    void upsert(Collection<CatalogDocument> documents, String generation);

    /** The generation the index reflects; empty when there is no index yet. */
    Optional<String> generation();

    /**
     * Searches. Entries that are not {@code discoverable} appear (and are counted in facets) only when
     * {@code mayDiscover} accepts their id.
     */
    SearchResult search(SearchQuery query, Predicate<String> mayDiscover);

    @Override
    void close();
}
