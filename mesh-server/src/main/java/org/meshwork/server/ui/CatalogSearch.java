package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;

/**
 * What the UI needs of the catalog's search index: one page of hits for a text and facet filters, with facet counts.
 * The catalog's Lucene index implements it at merge; implementations answer only with products the principal may
 * discover ({@code discoverable: false} products only for principals who may read them).
 */
public interface CatalogSearch {

    /** The facets the home page offers, in the order shown. */
    List<String> FACETS = List.of("domain", "tag", "sensitivity", "owner", "sla");

    Results search(Principal principal, Query query);

    /** How hits are ordered. */
    enum Order {
        RELEVANCE, RECENTLY_PUBLISHED
    }

    /**
     * A search.
     *
     * @param text free text (empty: every product)
     * @param filters facet name (one of {@link #FACETS}) to the value every hit must have
     */
    record Query(String text, Map<String, String> filters, Order order, Paging paging) {
        public Query {
            requireNonNull(text, "text is null");
            filters = Map.copyOf(filters);
            requireNonNull(order, "order is null");
            requireNonNull(paging, "paging is null");
        }
    }

    /** One page of hits, how many hits there are in all, and the facet counts over all hits. */
    record Results(List<Hit> hits, long total, Map<String, List<FacetValue>> facets) {
        public Results {
            hits = List.copyOf(hits);
            facets = Map.copyOf(facets);
        }
    }

    /** A product found, with what a search result shows. */
    record Hit(ProductId id, String name, DomainName domain, String owner, String description,
               Optional<Instant> lastPublished, String slaStatus) {
        public Hit {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(domain, "domain is null");
            requireNonNull(owner, "owner is null");
            requireNonNull(description, "description is null");
            requireNonNull(lastPublished, "lastPublished is null");
            requireNonNull(slaStatus, "slaStatus is null");
        }
    }

    /** A facet value and how many hits have it. */
    record FacetValue(String value, long count) {
        public FacetValue {
            requireNonNull(value, "value is null");
        }
    }
}
