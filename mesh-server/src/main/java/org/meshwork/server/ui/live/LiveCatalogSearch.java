package org.meshwork.server.ui.live;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Principal;
import org.meshwork.api.catalog.EntryKind;
import org.meshwork.api.catalog.FacetCount;
import org.meshwork.api.catalog.SearchHit;
import org.meshwork.api.catalog.SearchIndex;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;
import org.meshwork.platform.catalog.CatalogService;
import org.meshwork.server.ui.CatalogSearch;

/**
 * The home page's search over the catalog's Lucene index ({@link CatalogService#search}): products only, facet filters
 * mapped to the index's facets, and only products the principal may discover (the index filters with
 * {@link AccessController#canDiscover}, so neither a hit nor a facet count reveals a hidden product).
 *
 * <p>The index answers the first {@code limit} hits and has no offset, so a page at {@code offset} asks for
 * {@code offset + limit} hits and drops the first ones; pages beyond {@link SearchQuery#MAX_LIMIT} hits are empty
 * (the total is still exact, and narrowing the search with text or a facet is the way there). "Recently published"
 * orders the same window by the last publication, newest first.
 */
public final class LiveCatalogSearch implements CatalogSearch {
    /** UI facet name → the index's facet name. */
    private static final Map<String, String> FACET_NAMES = Map.of(
            "domain", SearchIndex.FACET_DOMAIN,
            "tag", SearchIndex.FACET_TAG,
            "sensitivity", SearchIndex.FACET_SENSITIVITY,
            "owner", SearchIndex.FACET_OWNER_TEAM,
            "sla", SearchIndex.FACET_SLA_STATUS);

    private final CatalogService catalog;
    private final AccessController access;

    public LiveCatalogSearch(CatalogService catalog, AccessController access) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.access = requireNonNull(access, "access is null");
    }

    @Override
    public Results search(Principal principal, Query query) {
        requireNonNull(principal, "principal is null");
        SearchQuery search = SearchQuery.of(query.text()).withKind(EntryKind.PRODUCT);
        for (Map.Entry<String, String> filter : query.filters().entrySet()) {
            switch (filter.getKey()) {
                case "domain" -> search = search.withDomain(filter.getValue());
                case "tag" -> search = search.withTags(List.of(filter.getValue()));
                case "sensitivity" -> search = search.withSensitivity(filter.getValue());
                case "owner" -> search = search.withOwnerTeam(filter.getValue());
                case "sla" -> search = search.withSlaStatus(filter.getValue());
                default -> throw new org.meshwork.api.InvalidArgumentException("unknown search facet '"
                        + filter.getKey() + "'; the facets are " + String.join(", ", FACETS));
            }
        }
        int window = query.order() == Order.RECENTLY_PUBLISHED ? SearchQuery.MAX_LIMIT
                : Math.min(SearchQuery.MAX_LIMIT, query.paging().offset() + query.paging().limit());
        SearchResult result = catalog.search(search.withLimit(Math.max(1, window)),
                id -> access.canDiscover(principal, id));
        List<SearchHit> hits = new ArrayList<>(result.hits());
        if (query.order() == Order.RECENTLY_PUBLISHED) {
            hits.sort(Comparator.comparing((SearchHit h) -> h.lastPublished().orElse(Instant.EPOCH)).reversed()
                    .thenComparing(SearchHit::id));
        }
        List<Hit> page = hits.stream().skip(query.paging().offset()).limit(query.paging().limit())
                .map(LiveCatalogSearch::hit).toList();
        Map<String, List<FacetValue>> facets = new LinkedHashMap<>();
        for (String facet : FACETS) {
            List<FacetCount> counts = result.facets().getOrDefault(FACET_NAMES.get(facet), List.of());
            facets.put(facet, counts.stream().map(c -> new FacetValue(c.value(), c.count())).toList());
        }
        return new Results(page, result.total(), facets);
    }

    private static Hit hit(SearchHit hit) {
        ProductId id = ProductId.parse(hit.id());
        return new Hit(id, hit.name(), DomainName.of(hit.domain()), hit.owner().orElse("-"), hit.description(),
                hit.lastPublished(), hit.slaStatus().orElse("unknown"));
    }
}
