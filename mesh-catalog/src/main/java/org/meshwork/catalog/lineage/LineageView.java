package org.meshwork.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.lineage.DerivationKind;

/**
 * A part of the lineage graph around one product: the nodes, the product-level edges (each through a named source),
 * and, when asked for, the column-level edges between them. Plain records, for the CLI and the REST API alike.
 */
public record LineageView(String focus, LineageDirection direction, int depth, List<Node> nodes, List<Edge> edges,
        List<ColumnEdge> columnEdges, List<String> notes) {

    public LineageView {
        requireNonNull(focus, "focus is null");
        requireNonNull(direction, "direction is null");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        columnEdges = List.copyOf(columnEdges);
        notes = List.copyOf(notes);
    }

    /** A product or an external system; {@code domain} is set for products. */
    public record Node(String id, NodeKind kind, String label, Optional<String> domain) {
        public Node {
            requireNonNull(id, "id is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(label, "label is null");
            requireNonNull(domain, "domain is null");
        }
    }

    /** {@code from} feeds {@code to}, which reads it as its source {@code source}. */
    public record Edge(String from, String to, String source) {}

    /** Column {@code fromColumn} of node {@code from} flows into column {@code toColumn} of product {@code to}. */
    public record ColumnEdge(String from, String fromColumn, String to, String toColumn, DerivationKind kind) {}
}
