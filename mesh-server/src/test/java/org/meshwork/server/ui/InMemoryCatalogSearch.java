package org.meshwork.server.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Principal;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.sla.SlaMonitor;

/** Test search: scans every product per query (the catalog's Lucene index does this for real, with ranking). */
final class InMemoryCatalogSearch implements CatalogSearch {
    private final ProductRepository products;
    private final MetadataStore store;
    private final SlaMonitor sla;
    private final AccessController access;

    InMemoryCatalogSearch(ProductRepository products, MetadataStore store, SlaMonitor sla, AccessController access) {
        this.products = products;
        this.store = store;
        this.sla = sla;
        this.access = access;
    }

    @Override
    public Results search(Principal principal, Query query) {
        String text = query.text().toLowerCase(Locale.ROOT);
        List<Entry> matching = new ArrayList<>();
        for (var product : products.list()) {
            ProductDefinition d = product.definition();
            if (!access.canDiscover(principal, d.id())) {
                continue;
            }
            String haystack = (d.id() + " " + d.displayName() + " " + d.description() + " " + String.join(" ", d.tags()) + " "
                    + d.schema().columns().stream().map(c -> c.name()).reduce("", (a, b) -> a + " " + b)).toLowerCase(Locale.ROOT);
            if (!text.isEmpty() && !haystack.contains(text)) {
                continue;
            }
            Entry entry = new Entry(d, lastPublished(d), sla.report(d.id()).colour().label());
            if (query.filters().entrySet().stream().allMatch(f -> entry.facet(f.getKey()).contains(f.getValue()))) {
                matching.add(entry);
            }
        }
        if (query.order() == Order.RECENTLY_PUBLISHED) {
            matching.sort(Comparator.comparing((Entry e) -> e.lastPublished.orElse(Instant.EPOCH)).reversed());
        } else {
            matching.sort(Comparator.comparing((Entry e) -> e.definition.id().toString()));
        }
        Map<String, List<FacetValue>> facets = new LinkedHashMap<>();
        for (String facet : FACETS) {
            Map<String, Long> counts = new TreeMap<>();
            matching.forEach(e -> e.facet(facet).forEach(v -> counts.merge(v, 1L, Long::sum)));
            facets.put(facet, counts.entrySet().stream().map(c -> new FacetValue(c.getKey(), c.getValue())).toList());
        }
        List<Hit> hits = matching.stream().skip(query.paging().offset()).limit(query.paging().limit())
                .map(e -> new Hit(e.definition.id(), e.definition.displayName(), e.definition.domain(),
                        e.definition.ownerTeam().map(t -> t.value()).orElse("-"), e.definition.description(),
                        e.lastPublished, e.sla))
                .toList();
        return new Results(hits, matching.size(), facets);
    }

    private Optional<Instant> lastPublished(ProductDefinition d) {
        return store.runs(d.id(), 50).stream()
                .filter(r -> r.status() == RunStatus.SUCCEEDED && r.tableVersion().isPresent())
                .map(RunRecord::endedAt).flatMap(Optional::stream).findFirst();
    }

    private record Entry(ProductDefinition definition, Optional<Instant> lastPublished, String sla) {
        List<String> facet(String name) {
            switch (name) {
                case "domain":
                    return List.of(definition.domain().value());
                case "tag":
                    return definition.tags();
                case "sensitivity":
                    return List.of(definition.sensitivity().label());
                case "owner":
                    return definition.ownerTeam().map(t -> List.of(t.value())).orElse(List.of());
                case "sla":
                    return List.of(sla);
                default:
                    return List.of();
            }
        }
    }
}
