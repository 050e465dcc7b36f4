package org.meshwork.server.ui.live;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.catalog.domains.DomainMap;
import org.meshwork.catalog.lineage.LineageDirection;
import org.meshwork.catalog.lineage.LineageView;
import org.meshwork.platform.catalog.CatalogService;
import org.meshwork.server.ui.LineageGraph;

/**
 * The lineage tab and the domain graph over the catalog's lineage ({@link CatalogService#lineage(ProductId,
 * LineageDirection, int, boolean)}): product and source-system nodes upstream and downstream, and per edge the column
 * lineage the catalog derived from the transform SQL (an output column, the input columns it is computed from, and
 * whether it is a copy, a transformation or an aggregate). The UI itself leaves out product nodes the principal may
 * not discover.
 */
public final class LiveLineageGraph implements LineageGraph {
    private final CatalogService catalog;

    public LiveLineageGraph(CatalogService catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    @Override
    public Graph productLineage(ProductId product, int depth) {
        LineageView view = catalog.lineage(product, LineageDirection.BOTH,
                Math.max(1, Math.min(depth, CatalogService.MAX_DEPTH)), true);
        List<Node> nodes = new ArrayList<>();
        for (LineageView.Node node : view.nodes()) {
            nodes.add(node.kind() == org.meshwork.catalog.lineage.NodeKind.PRODUCT ? Node.product(ProductId.parse(node.id()), node.label())
                    : new Node(node.id(), node.label(), NodeKind.SYSTEM, java.util.Optional.empty()));
        }
        // column edges grouped by (from, to) and then by output column, keeping the order the catalog gives
        Map<String, Map<String, Mapping>> columns = new LinkedHashMap<>();
        for (LineageView.ColumnEdge edge : view.columnEdges()) {
            columns.computeIfAbsent(edge.from() + "\u0000" + edge.to(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(edge.toColumn(), k -> new Mapping())
                    .add(edge.fromColumn(), edge.kind());
        }
        List<Edge> edges = new ArrayList<>();
        for (LineageView.Edge edge : view.edges()) {
            List<ColumnMapping> mappings = new ArrayList<>();
            columns.getOrDefault(edge.from() + "\u0000" + edge.to(), Map.of()).forEach((output, mapping) ->
                    mappings.add(new ColumnMapping(output, mapping.inputs, mapping.describe())));
            edges.add(new Edge(edge.from(), edge.to(), mappings));
        }
        return new Graph(product, nodes, edges);
    }

    @Override
    public List<DomainEdge> domainGraph() {
        DomainMap map = catalog.domainMap();
        List<DomainEdge> edges = new ArrayList<>();
        for (DomainMap.DomainEdge edge : map.edges()) {
            // each entry reads "upstream → reader": the domain graph names the products read
            List<ProductId> read = edge.products().stream().map(pair -> pair.split(" → ", 2)[0].strip()).distinct()
                    .map(ProductId::parse).toList();
            edges.add(new DomainEdge(DomainName.of(edge.from()), DomainName.of(edge.to()), read));
        }
        return edges;
    }

    /** The input columns of one output column and the weakest derivation among them. */
    private static final class Mapping {
        private final List<String> inputs = new ArrayList<>();
        private DerivationKind kind = DerivationKind.IDENTITY;

        void add(String input, DerivationKind derivation) {
            if (!inputs.contains(input)) {
                inputs.add(input);
            }
            kind = derivation == null ? kind : kind.combine(derivation);
        }

        String describe() {
            return kind == DerivationKind.IDENTITY ? "" : kind.name().toLowerCase(Locale.ROOT);
        }
    }
}
