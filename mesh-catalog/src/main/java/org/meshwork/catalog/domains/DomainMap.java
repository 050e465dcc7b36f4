package org.meshwork.catalog.domains;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshwork.api.ProductId;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.lineage.GraphFormat;
import org.meshwork.catalog.lineage.LineageInput;
import org.meshwork.catalog.lineage.NodeKind;
import org.meshwork.catalog.lineage.ProductLineage;

/**
 * The domains of the mesh and the data dependencies between them (the guide's {@code discover_domains}): an edge from
 * domain A to domain B when a product of B reads a product of A, labelled with those product pairs. Also reports
 * ownership overlaps: one business entity ({@code entity: customer}) claimed by products of more than one domain —
 * the guide's anti-pattern of several teams owning the same customer data.
 */
public final class DomainMap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> domains;
    private final List<DomainEdge> edges;
    private final List<OwnershipOverlap> overlaps;

    /** {@code from} domain's products feed {@code to} domain's; {@code products} lists each {@code upstream → reader}. */
    public record DomainEdge(String from, String to, List<String> products) {
        public DomainEdge {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            products = List.copyOf(products);
        }
    }

    /** {@code entity} is claimed by products of several domains: domain → the claiming products. */
    public record OwnershipOverlap(String entity, Map<String, List<String>> claims) {
        public OwnershipOverlap {
            requireNonNull(entity, "entity is null");
            claims = Map.copyOf(claims);
        }

        public String message() {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(claims).forEach((domain, products) -> parts.add(domain + " (" + String.join(", ", products) + ")"));
            return "entity '" + entity + "' is claimed by " + claims.size() + " domains: " + String.join(" and ", parts)
                    + "; one domain should own it and the others consume its product";
        }
    }

    private DomainMap(Set<String> domains, List<DomainEdge> edges, List<OwnershipOverlap> overlaps) {
        this.domains = domains;
        this.edges = edges;
        this.overlaps = overlaps;
    }

    /**
     * @param domainNames every domain, declared or only used as a product namespace
     */
    public static DomainMap of(Collection<String> domainNames, Collection<ProductLineage> lineages,
            Collection<CatalogProduct> products) {
        Set<String> domains = new TreeSet<>(domainNames);
        Map<String, Set<String>> byEdge = new TreeMap<>();
        for (ProductLineage lineage : lineages) {
            domains.add(lineage.domain());
            for (LineageInput input : lineage.inputs()) {
                if (input.kind() != NodeKind.PRODUCT) {
                    continue;
                }
                String upstreamDomain = ProductId.parse(input.node()).domain().value();
                domains.add(upstreamDomain);
                if (!upstreamDomain.equals(lineage.domain())) {
                    byEdge.computeIfAbsent(upstreamDomain + "\u0000" + lineage.domain(), k -> new TreeSet<>())
                            .add(input.node() + " → " + lineage.product());
                }
            }
        }
        List<DomainEdge> edges = new ArrayList<>();
        byEdge.forEach((key, pairs) -> {
            String[] ends = key.split("\u0000");
            edges.add(new DomainEdge(ends[0], ends[1], List.copyOf(pairs)));
        });
        return new DomainMap(domains, List.copyOf(edges), overlaps(products));
    }

    /** Entity claims by more than one domain, for the domain map and for validation warnings. */
    public static List<OwnershipOverlap> overlaps(Collection<CatalogProduct> products) {
        Map<String, Map<String, List<String>>> claims = new TreeMap<>();
        for (CatalogProduct product : products) {
            product.entity().ifPresent(entity -> claims
                    .computeIfAbsent(entity.trim().toLowerCase(java.util.Locale.ROOT), k -> new TreeMap<>())
                    .computeIfAbsent(product.id().domain().value(), k -> new ArrayList<>())
                    .add(product.id().toString()));
        }
        List<OwnershipOverlap> overlaps = new ArrayList<>();
        claims.forEach((entity, byDomain) -> {
            if (byDomain.size() > 1) {
                overlaps.add(new OwnershipOverlap(entity, byDomain));
            }
        });
        return List.copyOf(overlaps);
    }

    public Set<String> domains() {
        return domains;
    }

    public List<DomainEdge> edges() {
        return edges;
    }

    public List<OwnershipOverlap> overlaps() {
        return overlaps;
    }

    public String render(GraphFormat format) {
        switch (format) {
            case TEXT:
                return text();
            case JSON:
                return json().toPrettyString();
            case DOT:
                return dot();
            case MERMAID:
                return mermaid();
        }
        throw new IllegalArgumentException(format.name());
    }

    private Map<String, String> ids() {
        Map<String, String> ids = new HashMap<>();
        for (String domain : domains) {
            ids.put(domain, "d" + ids.size());
        }
        return ids;
    }

    private String text() {
        StringBuilder out = new StringBuilder("domains: ").append(String.join(", ", domains)).append('\n');
        if (edges.isEmpty()) {
            out.append("no data flows between domains\n");
        }
        for (DomainEdge edge : edges) {
            out.append(edge.from()).append(" → ").append(edge.to()).append(":\n");
            edge.products().forEach(p -> out.append("    ").append(p).append('\n'));
        }
        for (OwnershipOverlap overlap : overlaps) {
            out.append("warning: ownership overlap: ").append(overlap.message()).append('\n');
        }
        return out.toString();
    }

    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode nodes = root.putArray("domains");
        domains.forEach(nodes::add);
        ArrayNode array = root.putArray("edges");
        for (DomainEdge edge : edges) {
            ObjectNode node = array.addObject().put("from", edge.from()).put("to", edge.to());
            ArrayNode products = node.putArray("products");
            edge.products().forEach(products::add);
        }
        ArrayNode overlapArray = root.putArray("ownership_overlaps");
        for (OwnershipOverlap overlap : overlaps) {
            ObjectNode node = overlapArray.addObject().put("entity", overlap.entity()).put("message", overlap.message());
            ObjectNode claims = node.putObject("claims");
            new TreeMap<>(overlap.claims()).forEach((domain, products) -> {
                ArrayNode list = claims.putArray(domain);
                products.forEach(list::add);
            });
        }
        return root;
    }

    private String dot() {
        Map<String, String> ids = ids();
        StringBuilder out = new StringBuilder("digraph domains {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        for (String domain : domains) {
            out.append("  ").append(ids.get(domain)).append(" [label=").append(quote(domain)).append("];\n");
        }
        for (DomainEdge edge : edges) {
            out.append("  ").append(ids.get(edge.from())).append(" -> ").append(ids.get(edge.to())).append(" [label=")
                    .append(quote(String.join("\n", edge.products()))).append("];\n");
        }
        return out.append("}\n").toString();
    }

    private String mermaid() {
        Map<String, String> ids = ids();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (String domain : domains) {
            out.append("  ").append(ids.get(domain)).append("[\"").append(domain.replace("\"", "#quot;")).append("\"]\n");
        }
        for (DomainEdge edge : edges) {
            out.append("  ").append(ids.get(edge.from())).append(" -->|\"")
                    .append(String.join("<br/>", edge.products()).replace("\"", "#quot;")).append("\"| ")
                    .append(ids.get(edge.to())).append('\n');
        }
        return out.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
