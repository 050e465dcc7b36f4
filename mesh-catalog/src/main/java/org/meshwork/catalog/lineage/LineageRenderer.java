package org.meshwork.catalog.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link LineageView} or a column impact list as text, JSON, Graphviz DOT or Mermaid. Node identifiers in DOT
 * and Mermaid are generated ({@code n0}, {@code n1}, ...) and the names are quoted labels, so no id or path can break
 * the syntax.
 */
public final class LineageRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineageRenderer() {}

    public static String render(LineageView view, GraphFormat format) {
        switch (format) {
            case TEXT:
                return text(view);
            case JSON:
                return json(view).toPrettyString();
            case DOT:
                return dot(view);
            case MERMAID:
                return mermaid(view);
        }
        throw new IllegalArgumentException(format.name());
    }

    private static String text(LineageView view) {
        StringBuilder out = new StringBuilder();
        out.append("lineage of ").append(view.focus()).append(" (").append(view.direction().name().toLowerCase(java.util.Locale.ROOT))
                .append(", depth ").append(view.depth()).append(")\n");
        if (view.edges().isEmpty()) {
            out.append("  no ").append(view.direction() == LineageDirection.UPSTREAM ? "inputs"
                    : view.direction() == LineageDirection.DOWNSTREAM ? "consumers" : "inputs or consumers").append('\n');
        }
        Map<String, LineageView.Node> nodes = new HashMap<>();
        view.nodes().forEach(n -> nodes.put(n.id(), n));
        for (LineageView.Edge edge : view.edges()) {
            out.append("  ").append(label(nodes.get(edge.from()))).append("  →  ").append(label(nodes.get(edge.to())))
                    .append("   (as source '").append(edge.source()).append("')\n");
        }
        if (!view.columnEdges().isEmpty()) {
            out.append("columns:\n");
            for (LineageView.ColumnEdge edge : view.columnEdges()) {
                out.append("  ").append(edge.from()).append('.').append(edge.fromColumn()).append("  →  ").append(edge.to())
                        .append('.').append(edge.toColumn()).append("   [").append(edge.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .append("]\n");
            }
        }
        for (String note : view.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }

    private static String label(LineageView.Node node) {
        return node.kind() == NodeKind.SYSTEM ? node.label() + " [system]" : node.label();
    }

    public static ObjectNode json(LineageView view) {
        ObjectNode root = JSON.createObjectNode();
        root.put("focus", view.focus());
        root.put("direction", view.direction().name().toLowerCase(java.util.Locale.ROOT));
        root.put("depth", view.depth());
        ArrayNode nodes = root.putArray("nodes");
        for (LineageView.Node node : view.nodes()) {
            ObjectNode n = nodes.addObject().put("id", node.id()).put("kind", node.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("label", node.label());
            node.domain().ifPresent(d -> n.put("domain", d));
        }
        ArrayNode edges = root.putArray("edges");
        for (LineageView.Edge edge : view.edges()) {
            edges.addObject().put("from", edge.from()).put("to", edge.to()).put("source", edge.source());
        }
        ArrayNode columns = root.putArray("column_edges");
        for (LineageView.ColumnEdge edge : view.columnEdges()) {
            columns.addObject().put("from", edge.from()).put("from_column", edge.fromColumn()).put("to", edge.to())
                    .put("to_column", edge.toColumn()).put("derivation", edge.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        ArrayNode notes = root.putArray("notes");
        view.notes().forEach(notes::add);
        return root;
    }

    private static String dot(LineageView view) {
        Map<String, String> ids = ids(view);
        StringBuilder out = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        for (LineageView.Node node : view.nodes()) {
            out.append("  ").append(ids.get(node.id())).append(" [label=").append(dotQuote(node.label()))
                    .append(node.kind() == NodeKind.SYSTEM ? ", shape=cylinder, style=solid" : "")
                    .append(node.id().equals(view.focus()) ? ", penwidth=2" : "").append("];\n");
        }
        for (LineageView.Edge edge : view.edges()) {
            out.append("  ").append(ids.get(edge.from())).append(" -> ").append(ids.get(edge.to()))
                    .append(" [label=").append(dotQuote(edge.source())).append("];\n");
        }
        for (LineageView.ColumnEdge edge : view.columnEdges()) {
            out.append("  ").append(ids.get(edge.from())).append(" -> ").append(ids.get(edge.to()))
                    .append(" [style=dashed, fontsize=9, label=").append(dotQuote(edge.fromColumn() + " → " + edge.toColumn()))
                    .append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String mermaid(LineageView view) {
        Map<String, String> ids = ids(view);
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (LineageView.Node node : view.nodes()) {
            String label = mermaidQuote(node.label());
            out.append("  ").append(ids.get(node.id()))
                    .append(node.kind() == NodeKind.SYSTEM ? "[(" + label + ")]" : "[" + label + "]").append('\n');
        }
        for (LineageView.Edge edge : view.edges()) {
            out.append("  ").append(ids.get(edge.from())).append(" -->|").append(mermaidQuote(edge.source())).append("| ")
                    .append(ids.get(edge.to())).append('\n');
        }
        for (LineageView.ColumnEdge edge : view.columnEdges()) {
            out.append("  ").append(ids.get(edge.from())).append(" -.->|").append(mermaidQuote(edge.fromColumn() + " → "
                    + edge.toColumn())).append("| ").append(ids.get(edge.to())).append('\n');
        }
        return out.toString();
    }

    private static Map<String, String> ids(LineageView view) {
        Map<String, String> ids = new HashMap<>();
        for (LineageView.Node node : view.nodes()) {
            ids.put(node.id(), "n" + ids.size());
        }
        return ids;
    }

    static String dotQuote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Mermaid labels in double quotes; a double quote inside becomes {@code #quot;}. */
    static String mermaidQuote(String text) {
        return "\"" + text.replace("\"", "#quot;").replace("\n", " ") + "\"";
    }

    public static String impactsText(String product, String column, LineageDirection direction, List<ColumnImpact> impacts) {
        StringBuilder out = new StringBuilder();
        out.append(direction == LineageDirection.UPSTREAM ? "where " : "what depends on ").append(product).append('.')
                .append(column).append(direction == LineageDirection.UPSTREAM ? " comes from" : "").append('\n');
        if (impacts.isEmpty()) {
            out.append("  nothing").append('\n');
        }
        for (ColumnImpact impact : impacts) {
            out.append("  ").append("  ".repeat(Math.max(0, impact.distance() - 1))).append(impact.node()).append('.')
                    .append(impact.column()).append("   [").append(impact.derivation().name().toLowerCase(java.util.Locale.ROOT))
                    .append(impact.kind() == NodeKind.SYSTEM ? ", system" : "")
                    .append(impact.certain() ? "" : ", possibly: table-level lineage only").append("]")
                    .append(impact.note().map(n -> " — " + n).orElse("")).append('\n');
        }
        return out.toString();
    }

    public static ArrayNode impactsJson(List<ColumnImpact> impacts) {
        ArrayNode array = JSON.createArrayNode();
        for (ColumnImpact impact : impacts) {
            ObjectNode node = array.addObject().put("node", impact.node())
                    .put("kind", impact.kind().name().toLowerCase(java.util.Locale.ROOT)).put("column", impact.column())
                    .put("derivation", impact.derivation().name().toLowerCase(java.util.Locale.ROOT))
                    .put("distance", impact.distance()).put("certain", impact.certain()).put("via", impact.via());
            impact.note().ifPresent(n -> node.put("note", n));
        }
        return array;
    }
}
