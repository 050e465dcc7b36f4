package org.meshwork.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.Principal;
import org.meshwork.api.catalog.FacetCount;
import org.meshwork.api.catalog.SearchHit;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;
import org.meshwork.catalog.docs.DocsFormat;
import org.meshwork.catalog.domains.DomainMap;
import org.meshwork.catalog.lineage.LineageDirection;
import org.meshwork.catalog.lineage.LineageRenderer;
import org.meshwork.catalog.lineage.LineageView;
import org.meshwork.catalog.lineage.NodeKind;
import org.meshwork.platform.Mesh;

/**
 * The catalog handlers: search, product and column lineage, generated docs and the domain map. What a caller sees is
 * cut to what it may discover: hits, lineage nodes and domain-map flows of hidden products are left out, exactly as if
 * they did not exist.
 */
final class CatalogRoutes {
    private final ServerServices services;
    private final Mesh mesh;
    private final ObjectMapper json;

    CatalogRoutes(ServerServices services, ObjectMapper json) {
        this.services = services;
        this.mesh = services.mesh();
        this.json = json;
    }

    void search(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap())
                .allowOnly("q", "domain", "tag", "sensitivity", "owner", "sla", "limit", "offset");
        int limit = (int) query.number("limit", SearchQuery.LIMIT_DEFAULT, 1, SearchQuery.MAX_LIMIT);
        int offset = (int) query.number("offset", 0, 0, SearchQuery.MAX_LIMIT - 1);
        SearchQuery search = SearchQuery.of(query.single("q").orElse(""))
                .withLimit(Math.min(SearchQuery.MAX_LIMIT, offset + limit));
        search = query.single("domain").map(search::withDomain).orElse(search);
        List<String> tags = ctx.queryParams("tag");
        if (!tags.isEmpty()) {
            search = search.withTags(tags);
        }
        search = query.single("sensitivity").map(search::withSensitivity).orElse(search);
        search = query.single("owner").map(search::withOwnerTeam).orElse(search);
        search = query.single("sla").map(search::withSlaStatus).orElse(search);
        SearchResult result = mesh.catalog().search(search, id -> services.access().canDiscover(principal, id));
        Map<String, Object> body = searchJson(result, offset);
        body.put("limit", limit);
        body.put("offset", offset);
        respond(ctx, body);
    }

    /** {@code mesh search --json}'s document and the API's: total, hits (from {@code offset}), facet counts. */
    static Map<String, Object> searchJson(SearchResult result, int offset) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("total", result.total());
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit hit : result.hits().stream().skip(offset).toList()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("kind", hit.kind().label());
            node.put("id", hit.id());
            node.put("name", hit.name());
            node.put("domain", hit.domain());
            hit.owner().ifPresent(o -> node.put("owner", o));
            node.put("description", hit.description());
            hit.lastPublished().ifPresent(at -> node.put("last_published", at.toString()));
            hit.slaStatus().ifPresent(s -> node.put("sla_status", s));
            node.put("score", hit.score());
            hits.add(node);
        }
        root.put("hits", hits);
        Map<String, Object> facets = new LinkedHashMap<>();
        result.facets().forEach((name, counts) -> {
            Map<String, Long> facet = new LinkedHashMap<>();
            for (FacetCount count : counts) {
                facet.put(count.value(), count.count());
            }
            facets.put(name, facet);
        });
        root.put("facets", facets);
        return root;
    }

    void lineage(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("direction", "depth", "columns");
        LineageDirection direction = query.single("direction").map(text -> {
            for (LineageDirection candidate : LineageDirection.values()) {
                if (candidate.name().equalsIgnoreCase(text.strip())) {
                    return candidate;
                }
            }
            throw new InvalidArgumentException("query parameter 'direction' must be upstream, downstream or both, got '"
                    + text + "'");
        }).orElse(LineageDirection.BOTH);
        int depth = (int) query.number("depth", 3, 1, org.meshwork.platform.catalog.CatalogService.MAX_DEPTH);
        boolean columns = query.single("columns").map(text -> {
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidArgumentException("query parameter 'columns' must be true or false, got '" + text + "'");
        }).orElse(false);
        ProductId id = discoverable(ctx, principal);
        LineageView view = visible(mesh.catalog().lineage(id, direction, depth, columns), principal);
        respond(ctx, json.convertValue(LineageRenderer.json(view), Map.class));
    }

    /** The view without the product nodes the principal may not discover and every edge that touches them. */
    private LineageView visible(LineageView view, Principal principal) {
        Set<String> hidden = view.nodes().stream()
                .filter(node -> node.kind() == NodeKind.PRODUCT && !mayDiscover(principal, node.id()))
                .map(LineageView.Node::id).collect(Collectors.toSet());
        if (hidden.isEmpty()) {
            return view;
        }
        List<String> notes = new ArrayList<>(view.notes());
        notes.add(hidden.size() + (hidden.size() == 1 ? " product is" : " products are")
                + " left out: you may not discover them");
        return new LineageView(view.focus(), view.direction(), view.depth(),
                view.nodes().stream().filter(node -> !hidden.contains(node.id())).toList(),
                view.edges().stream().filter(e -> !hidden.contains(e.from()) && !hidden.contains(e.to())).toList(),
                view.columnEdges().stream().filter(e -> !hidden.contains(e.from()) && !hidden.contains(e.to())).toList(),
                notes);
    }

    private boolean mayDiscover(Principal principal, String productId) {
        try {
            return services.access().canDiscover(principal, ProductId.parse(productId));
        } catch (RuntimeException notAProductId) {
            return false;
        }
    }

    void docs(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("format");
        DocsFormat format = query.single("format")
                .map(text -> DocsFormat.fromLabel(text.strip()).orElseThrow(() -> new InvalidArgumentException(
                        "query parameter 'format' must be md (markdown) or html, got '" + text + "'")))
                .orElseGet(() -> docsFormat(ctx.header("Accept")));
        ProductId id = discoverable(ctx, principal);
        String page = mesh.catalog().docs(id, format);
        ctx.status(200).contentType(format == DocsFormat.HTML ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8")
                .result(page);
    }

    /** {@code text/html} when the client prefers it (a browser), else Markdown. */
    static DocsFormat docsFormat(String accept) {
        if (accept == null || accept.isBlank()) {
            return DocsFormat.MD;
        }
        double html = -1;
        double markdown = -1;
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String type = pieces[0].strip().toLowerCase(Locale.ROOT);
            double quality = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        throw new InvalidArgumentException("header 'Accept' has a bad quality value '" + parameter + "'");
                    }
                }
            }
            if (type.equals("text/html")) {
                html = Math.max(html, quality);
            } else if (type.equals("text/markdown") || type.equals("text/plain") || type.equals("text/*")
                    || type.equals("*/*")) {
                markdown = Math.max(markdown, quality);
            }
        }
        if (html <= 0 && markdown <= 0) {
            throw new InvalidArgumentException("header 'Accept' names neither text/markdown nor text/html ('" + accept
                    + "'); or use format=md|html");
        }
        return html > markdown ? DocsFormat.HTML : DocsFormat.MD;
    }

    void domainGraph(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        DomainMap map = mesh.catalog().domainMap();
        Predicate<String> visible = product -> mayDiscover(principal, product);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domains", List.copyOf(map.domains()));
        List<Map<String, Object>> edges = new ArrayList<>();
        for (DomainMap.DomainEdge edge : map.edges()) {
            List<String> products = edge.products().stream().filter(visible).toList();
            if (!products.isEmpty()) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("from", edge.from());
                node.put("to", edge.to());
                node.put("products", products);
                edges.add(node);
            }
        }
        body.put("edges", edges);
        List<Map<String, Object>> overlaps = new ArrayList<>();
        for (DomainMap.OwnershipOverlap overlap : map.overlaps()) {
            Map<String, List<String>> claims = new java.util.TreeMap<>();
            overlap.claims().forEach((domain, products) -> {
                List<String> shown = products.stream().filter(visible).toList();
                if (!shown.isEmpty()) {
                    claims.put(domain, shown);
                }
            });
            if (claims.size() > 1) {
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("entity", overlap.entity());
                node.put("message", new DomainMap.OwnershipOverlap(overlap.entity(), claims).message());
                node.put("claims", claims);
                overlaps.add(node);
            }
        }
        body.put("ownership_overlaps", overlaps);
        respond(ctx, body);
    }

    private ProductId discoverable(Context ctx, Principal principal) {
        ProductId id;
        try {
            id = ProductId.parse(ctx.pathParam("id"));
        } catch (RuntimeException e) {
            throw new InvalidArgumentException("path parameter 'id': " + e.getMessage());
        }
        mesh.products().get(id);
        if (!services.access().canDiscover(principal, id)) {
            throw new NoSuchProductException(id);
        }
        return id;
    }

    private void respond(Context ctx, Object body) throws IOException {
        ctx.status(200).contentType("application/json").result(json.writeValueAsBytes(body));
    }
}
