package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.meshwork.api.DomainName;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.access.Principal;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.platform.sla.DurationWords;

/** The home page (search with facets, recently published products, domains at a glance) and the domain page. */
final class CatalogPages {
    static final int PAGE = 20;
    static final int RECENT = 8;
    static final int MAX_QUERY = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebUiServices services;
    private final WebUi ui;

    CatalogPages(WebUiServices services, WebUi ui) {
        this.services = requireNonNull(services, "services is null");
        this.ui = requireNonNull(ui, "ui is null");
    }

    void home(Context ctx, Principal principal) {
        String text = text(ctx);
        Map<String, String> filters = filters(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("user", WebUi.user(principal));
        params.put("text", text);
        boolean searching = !text.isEmpty() || !filters.isEmpty() || ctx.queryParam("all") != null;
        params.put("searching", searching);
        params.put("results", results(ctx, principal, text, filters));
        if (!searching) {
            CatalogSearch.Results recent = services.search().search(principal, new CatalogSearch.Query("", Map.of(),
                    CatalogSearch.Order.RECENTLY_PUBLISHED, Paging.first(RECENT)));
            params.put("recent", hits(principal, recent.hits()));
            params.put("domains", domainCards(principal));
        } else {
            params.put("recent", List.of());
            params.put("domains", List.of());
        }
        ui.html(ctx, "home.jte", params);
    }

    /** The results panel alone, for htmx's search-as-you-type. */
    void search(Context ctx, Principal principal) {
        ctx.html(ui.render("results.jte", Map.of("results", results(ctx, principal, text(ctx), filters(ctx)))));
    }

    private static String text(Context ctx) {
        String text = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        InvalidArgumentException.check(text.length() <= MAX_QUERY, "the search text (parameter 'q') must be at most %s characters",
                MAX_QUERY);
        return text;
    }

    private static Map<String, String> filters(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String facet : CatalogSearch.FACETS) {
            String value = ctx.queryParam(facet);
            if (value != null && !value.isBlank()) {
                filters.put(facet, value.strip());
            }
        }
        return filters;
    }

    private Views.SearchResults results(Context ctx, Principal principal, String text, Map<String, String> filters) {
        int offset = ProductPages.intParam(ctx, "offset", 0, 0, 1_000_000);
        CatalogSearch.Results results = services.search().search(principal,
                new CatalogSearch.Query(text, filters, CatalogSearch.Order.RELEVANCE, new Paging(offset, PAGE)));
        List<Views.Facet> facets = new ArrayList<>();
        for (String facet : CatalogSearch.FACETS) {
            List<CatalogSearch.FacetValue> values = results.facets().getOrDefault(facet, List.of());
            List<Views.FacetOption> options = values.stream().limit(15).map(v -> {
                boolean selected = v.value().equals(filters.get(facet));
                Map<String, String> toggled = new LinkedHashMap<>(filters);
                if (selected) {
                    toggled.remove(facet);
                } else {
                    toggled.put(facet, v.value());
                }
                return new Views.FacetOption(v.value(), v.count(), searchHref(text, toggled, 0), selected);
            }).toList();
            if (!options.isEmpty()) {
                facets.add(new Views.Facet(facet, options));
            }
        }
        long total = results.total();
        String summary = total == 0 ? "No products found"
                : "Products " + (offset + 1) + "–" + (offset + results.hits().size()) + " of " + total;
        Optional<String> previous = offset > 0 ? Optional.of(searchHref(text, filters, Math.max(0, offset - PAGE)))
                : Optional.empty();
        Optional<String> next = offset + PAGE < total ? Optional.of(searchHref(text, filters, offset + PAGE))
                : Optional.empty();
        return new Views.SearchResults(text, hits(principal, results.hits()), total, facets,
                new Views.Pager(summary, previous, next));
    }

    static String searchHref(String text, Map<String, String> filters, int offset) {
        StringBuilder href = new StringBuilder("/?q=").append(WebUi.encode(text));
        filters.forEach((facet, value) -> href.append('&').append(facet).append('=').append(WebUi.encode(value)));
        if (text.isEmpty() && filters.isEmpty()) {
            href.append("&all=1");
        }
        if (offset > 0) {
            href.append("&offset=").append(offset);
        }
        return href.toString();
    }

    private List<Views.Hit> hits(Principal principal, List<CatalogSearch.Hit> hits) {
        Instant now = Instant.now();
        return hits.stream()
                .filter(hit -> services.accessController().canDiscover(principal, hit.id()))
                .map(hit -> new Views.Hit(hit.id().toString(), hit.name(), hit.domain().value(), hit.owner(),
                        shorten(hit.description(), 220),
                        hit.lastPublished().map(at -> "published " + DurationWords.of(Duration.between(at, now).isNegative()
                                ? Duration.ZERO : Duration.between(at, now)) + " ago").orElse("never published"),
                        hit.slaStatus()))
                .toList();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private List<Views.DomainCard> domainCards(Principal principal) {
        CatalogSearch.Results all = services.search().search(principal,
                new CatalogSearch.Query("", Map.of(), CatalogSearch.Order.RELEVANCE, Paging.first(1)));
        Map<String, Long> counts = all.facets().getOrDefault("domain", List.of()).stream()
                .collect(Collectors.toMap(CatalogSearch.FacetValue::value, CatalogSearch.FacetValue::count, Long::sum));
        Map<String, Views.DomainCard> cards = new TreeMap<>();
        for (DomainDescriptor domain : services.products().domains()) {
            String name = domain.name().value();
            cards.put(name, card(domain, counts.getOrDefault(name, 0L)));
        }
        counts.forEach((name, count) -> cards.computeIfAbsent(name,
                n -> new Views.DomainCard(n, n, "Not declared as a Domain resource.", "-", count)));
        return List.copyOf(cards.values());
    }

    private static Views.DomainCard card(DomainDescriptor domain, long products) {
        return new Views.DomainCard(domain.name().value(), domain.displayName().orElse(domain.name().value()),
                domain.description(), domain.ownerTeam().value(), products);
    }

    void domain(Context ctx, Principal principal) {
        String nameText = ctx.pathParam("domain");
        DomainName name;
        try {
            name = DomainName.of(nameText);
        } catch (RuntimeException e) {
            throw new WebUi.NotFound();
        }
        int offset = ProductPages.intParam(ctx, "offset", 0, 0, 1_000_000);
        CatalogSearch.Results results = services.search().search(principal, new CatalogSearch.Query("",
                Map.of("domain", name.value()), CatalogSearch.Order.RELEVANCE, new Paging(offset, PAGE)));
        Optional<DomainDescriptor> declared = services.products().domain(name);
        if (declared.isEmpty() && results.total() == 0) {
            throw new WebUi.NotFound();
        }
        Views.DomainCard card = declared.map(d -> card(d, results.total()))
                .orElse(new Views.DomainCard(name.value(), name.value(), "Not declared as a Domain resource.", "-",
                        results.total()));
        String base = "/domains/" + WebUi.encode(name.value());
        Views.Pager pager = new Views.Pager(results.total() == 0 ? "No products you may see"
                : "Products " + (offset + 1) + "–" + (offset + results.hits().size()) + " of " + results.total(),
                offset > 0 ? Optional.of(base + "?offset=" + Math.max(0, offset - PAGE)) : Optional.empty(),
                offset + PAGE < results.total() ? Optional.of(base + "?offset=" + (offset + PAGE)) : Optional.empty());

        List<LineageGraph.DomainEdge> edges = services.lineage().domainGraph().stream()
                .filter(e -> e.from().equals(name) || e.to().equals(name)).toList();
        Set<String> nodes = new TreeSet<>();
        nodes.add(name.value());
        ObjectNode json = JSON.createObjectNode();
        json.put("focus", name.value());
        ArrayNode edgeArray = json.putArray("edges");
        List<String> dependencies = new ArrayList<>();
        for (LineageGraph.DomainEdge edge : edges) {
            List<String> visible = edge.products().stream()
                    .filter(p -> services.accessController().canDiscover(principal, p)).map(Object::toString).toList();
            nodes.add(edge.from().value());
            nodes.add(edge.to().value());
            ObjectNode e = edgeArray.addObject();
            e.put("source", edge.from().value());
            e.put("target", edge.to().value());
            e.put("label", String.join(", ", visible));
            dependencies.add(edge.to().value() + " reads " + edge.from().value()
                    + (visible.isEmpty() ? "" : " (" + String.join(", ", visible) + ")"));
        }
        ArrayNode nodeArray = json.putArray("nodes");
        for (String node : nodes) {
            ObjectNode n = nodeArray.addObject();
            n.put("id", node);
            n.put("label", node);
            n.put("kind", "domain");
            n.put("focus", node.equals(name.value()));
            n.put("href", "/domains/" + WebUi.encode(node));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("user", WebUi.user(principal));
        params.put("page", new Views.DomainPage(card, hits(principal, results.hits()), pager, json.toString(), dependencies));
        ui.html(ctx, "domain.jte", params);
    }
}
