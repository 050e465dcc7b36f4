package org.meshwork.catalog.lineage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;

/**
 * The mesh's lineage graph, built from the current lineage of every product: products and external systems as nodes,
 * an edge from each input to the product reading it. Answers product-level questions (what is upstream or downstream
 * of a product, within a depth) and column-level ones (where does a column come from, what depends on it). A hop
 * known only at table level is reported as uncertain, never as a column dependency it may not be.
 */
public final class LineageGraph {
    /** The column name used for "the whole dataset" when only table-level lineage is known. */
    public static final String ALL_COLUMNS = "*";

    private final Map<String, ProductLineage> products = new TreeMap<>();
    private final Map<String, LineageView.Node> nodes = new TreeMap<>();
    private final Map<String, List<Reader>> readers = new TreeMap<>();

    private record Reader(ProductLineage product, LineageInput input) {}

    public LineageGraph(Collection<ProductLineage> lineages) {
        for (ProductLineage lineage : lineages) {
            String id = lineage.product().toString();
            products.put(id, lineage);
            nodes.put(id, new LineageView.Node(id, NodeKind.PRODUCT, id, Optional.of(lineage.domain())));
        }
        for (ProductLineage lineage : lineages) {
            for (LineageInput input : lineage.inputs()) {
                nodes.putIfAbsent(input.node(), new LineageView.Node(input.node(), input.kind(), input.label(),
                        input.kind() == NodeKind.PRODUCT ? Optional.of(ProductId.parse(input.node()).domain().value())
                                : Optional.empty()));
                readers.computeIfAbsent(input.node(), k -> new ArrayList<>()).add(new Reader(lineage, input));
            }
        }
    }

    public Collection<ProductLineage> products() {
        return products.values();
    }

    public Optional<ProductLineage> lineage(ProductId id) {
        return Optional.ofNullable(products.get(id.toString()));
    }

    /**
     * The part of the graph within {@code depth} hops of {@code focus} in {@code direction}; with {@code columns}, the
     * column-level edges of the products in it as well.
     */
    public LineageView view(ProductId focus, LineageDirection direction, int depth, boolean columns) {
        InvalidArgumentException.check(depth >= 1, "--depth must be at least 1; got %d", depth);
        String start = focus.toString();
        if (!products.containsKey(start)) {
            throw new NoSuchProductException(focus);
        }
        Set<String> included = new LinkedHashSet<>(List.of(start));
        Set<LineageView.Edge> edges = new LinkedHashSet<>();
        if (direction != LineageDirection.DOWNSTREAM) {
            walk(start, depth, true, included, edges);
        }
        if (direction != LineageDirection.UPSTREAM) {
            walk(start, depth, false, included, edges);
        }
        List<LineageView.ColumnEdge> columnEdges = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (columns) {
            for (String id : included) {
                ProductLineage lineage = products.get(id);
                if (lineage == null) {
                    continue;
                }
                for (ColumnDerivation derivation : lineage.transform().columns()) {
                    for (ColumnRef ref : derivation.inputs()) {
                        lineage.input(ref.dataset()).filter(input -> included.contains(input.node()))
                                .ifPresent(input -> columnEdges.add(new LineageView.ColumnEdge(input.node(),
                                        ref.column(), id, derivation.column(), derivation.kind())));
                    }
                }
                lineage.transform().notes().forEach(note -> notes.add(id + ": " + note));
            }
        }
        List<LineageView.Node> viewNodes = included.stream().map(nodes::get).toList();
        return new LineageView(start, direction, depth, viewNodes, List.copyOf(edges), columnEdges, notes);
    }

    private void walk(String start, int depth, boolean upstream, Set<String> included, Set<LineageView.Edge> edges) {
        Deque<Map.Entry<String, Integer>> queue = new ArrayDeque<>();
        queue.add(Map.entry(start, 0));
        Set<String> seen = new HashSet<>(List.of(start));
        while (!queue.isEmpty()) {
            Map.Entry<String, Integer> current = queue.poll();
            if (current.getValue() >= depth) {
                continue;
            }
            List<Map.Entry<String, LineageView.Edge>> next = new ArrayList<>();
            if (upstream) {
                ProductLineage lineage = products.get(current.getKey());
                if (lineage != null) {
                    for (LineageInput input : lineage.inputs()) {
                        next.add(Map.entry(input.node(), new LineageView.Edge(input.node(), current.getKey(), input.source())));
                    }
                }
            } else {
                for (Reader reader : readers.getOrDefault(current.getKey(), List.of())) {
                    String id = reader.product().product().toString();
                    next.add(Map.entry(id, new LineageView.Edge(current.getKey(), id, reader.input().source())));
                }
            }
            for (Map.Entry<String, LineageView.Edge> step : next) {
                edges.add(step.getValue());
                included.add(step.getKey());
                if (seen.add(step.getKey())) {
                    queue.add(Map.entry(step.getKey(), current.getValue() + 1));
                }
            }
        }
    }

    /**
     * Follows one column of a product: upstream to the columns of products and systems it is derived from, or
     * downstream to every product column derived from it (impact analysis), within {@code depth} hops.
     */
    public List<ColumnImpact> columnLineage(ProductId product, String column, LineageDirection direction, int depth) {
        InvalidArgumentException.check(depth >= 1, "--depth must be at least 1; got %d", depth);
        ProductLineage start = products.get(product.toString());
        if (start == null) {
            throw new NoSuchProductException(product);
        }
        boolean known = start.transform().column(column).isPresent() || start.transform().tableLevelOnly();
        InvalidArgumentException.check(known, "--column: %s has no output column '%s'; its columns are %s", product,
                column, start.transform().columns().stream().map(ColumnDerivation::column).toList());
        Map<String, ColumnImpact> found = new LinkedHashMap<>();
        if (direction != LineageDirection.DOWNSTREAM) {
            upstream(product.toString(), column, 1, depth, true, found);
        }
        if (direction != LineageDirection.UPSTREAM) {
            downstream(product.toString(), column, 1, depth, true, found);
        }
        return List.copyOf(found.values());
    }

    private void upstream(String product, String column, int distance, int depth, boolean certain,
            Map<String, ColumnImpact> found) {
        ProductLineage lineage = products.get(product);
        if (lineage == null || distance > depth) {
            return;
        }
        Optional<ColumnDerivation> derivation = column.equals(ALL_COLUMNS) ? Optional.empty()
                : lineage.transform().column(column);
        if (derivation.isEmpty() || !derivation.get().known()) {
            String reason = derivation.flatMap(ColumnDerivation::unsupported)
                    .or(() -> lineage.transform().notes().stream().findFirst()).orElse("column lineage unknown");
            for (LineageInput input : lineage.inputs()) {
                if (lineage.transform().datasets().isEmpty() || lineage.transform().datasets().stream()
                        .anyMatch(d -> d.equalsIgnoreCase(input.source()))) {
                    record(found, new ColumnImpact(input.node(), input.kind(), ALL_COLUMNS, DerivationKind.TRANSFORMATION,
                            distance, false, product + "." + column, Optional.of(reason)));
                    if (input.kind() == NodeKind.PRODUCT) {
                        upstream(input.node(), ALL_COLUMNS, distance + 1, depth, false, found);
                    }
                }
            }
            return;
        }
        for (ColumnRef ref : derivation.get().inputs()) {
            Optional<LineageInput> input = lineage.input(ref.dataset());
            if (input.isEmpty()) {
                continue;
            }
            record(found, new ColumnImpact(input.get().node(), input.get().kind(), ref.column(), derivation.get().kind(),
                    distance, certain, product + "." + column, Optional.empty()));
            if (input.get().kind() == NodeKind.PRODUCT) {
                upstream(input.get().node(), ref.column(), distance + 1, depth, certain, found);
            }
        }
    }

    private void downstream(String node, String column, int distance, int depth, boolean certain,
            Map<String, ColumnImpact> found) {
        if (distance > depth) {
            return;
        }
        for (Reader reader : readers.getOrDefault(node, List.of())) {
            ProductLineage lineage = reader.product();
            String id = lineage.product().toString();
            String source = reader.input().source();
            if (lineage.transform().tableLevelOnly()) {
                if (lineage.transform().datasets().isEmpty() || lineage.transform().datasets().stream()
                        .anyMatch(d -> d.equalsIgnoreCase(source))) {
                    record(found, new ColumnImpact(id, NodeKind.PRODUCT, ALL_COLUMNS, DerivationKind.TRANSFORMATION,
                            distance, false, node + "." + column, lineage.transform().notes().stream().findFirst()));
                    downstream(id, ALL_COLUMNS, distance + 1, depth, false, found);
                }
                continue;
            }
            boolean readsIt = lineage.transform().datasets().stream().anyMatch(d -> d.equalsIgnoreCase(source));
            for (ColumnDerivation derivation : lineage.transform().columns()) {
                if (!derivation.known()) {
                    if (readsIt) {
                        record(found, new ColumnImpact(id, NodeKind.PRODUCT, derivation.column(),
                                DerivationKind.TRANSFORMATION, distance, false, node + "." + column,
                                derivation.unsupported()));
                        downstream(id, derivation.column(), distance + 1, depth, false, found);
                    }
                    continue;
                }
                boolean uses = derivation.inputs().stream().anyMatch(ref -> ref.dataset().equalsIgnoreCase(source)
                        && (column.equals(ALL_COLUMNS) || ref.column().equalsIgnoreCase(column)));
                if (uses) {
                    record(found, new ColumnImpact(id, NodeKind.PRODUCT, derivation.column(), derivation.kind(), distance,
                            certain && !column.equals(ALL_COLUMNS), node + "." + column, Optional.empty()));
                    downstream(id, derivation.column(), distance + 1, depth, certain && !column.equals(ALL_COLUMNS), found);
                }
            }
        }
    }

    /** Keeps the closest and most certain finding per node and column. */
    private static void record(Map<String, ColumnImpact> found, ColumnImpact impact) {
        String key = impact.node() + "\u0000" + impact.column().toLowerCase(java.util.Locale.ROOT);
        ColumnImpact existing = found.get(key);
        if (existing == null || (!existing.certain() && impact.certain())
                || (existing.certain() == impact.certain() && impact.distance() < existing.distance())) {
            found.put(key, impact);
        }
    }
}
