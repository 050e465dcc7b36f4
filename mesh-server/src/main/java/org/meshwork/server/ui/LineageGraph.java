package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;

/**
 * What the UI needs of the catalog's lineage: a product's upstream and downstream graph, with products and external
 * source systems as nodes and, per edge, the column mappings; and the domain dependency graph. The catalog implements
 * it at merge; the UI hides product nodes the principal may not discover.
 */
public interface LineageGraph {

    /**
     * The product's lineage up to {@code depth} steps in each direction.
     *
     * @throws org.meshwork.api.NoSuchProductException when there is no such product
     */
    Graph productLineage(ProductId product, int depth);

    /** Domains and the data dependencies between them (an edge from the domain read to the domain reading). */
    List<DomainEdge> domainGraph();

    /** Whether a node is a data product or a system outside the mesh (e.g. {@code crm_system}). */
    enum NodeKind {
        PRODUCT, SYSTEM
    }

    /**
     * @param id unique within a graph: the product id, or the system's name
     * @param product the product, for product nodes
     */
    record Node(String id, String label, NodeKind kind, Optional<ProductId> product) {
        public Node {
            requireNonNull(id, "id is null");
            requireNonNull(label, "label is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(product, "product is null");
        }

        public static Node product(ProductId id, String label) {
            return new Node(id.toString(), label, NodeKind.PRODUCT, Optional.of(id));
        }

        public static Node system(String name) {
            return new Node(name, name, NodeKind.SYSTEM, Optional.empty());
        }
    }

    /** Data flows from {@code from} to {@code to}; {@code columns} are the column mappings known for it. */
    record Edge(String from, String to, List<ColumnMapping> columns) {
        public Edge {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            columns = List.copyOf(columns);
        }
    }

    /** An output column of {@code to} derived from input columns of {@code from}, through an expression. */
    record ColumnMapping(String outputColumn, List<String> inputColumns, String expression) {
        public ColumnMapping {
            requireNonNull(outputColumn, "outputColumn is null");
            inputColumns = List.copyOf(inputColumns);
            requireNonNull(expression, "expression is null");
        }
    }

    record Graph(ProductId focus, List<Node> nodes, List<Edge> edges) {
        public Graph {
            requireNonNull(focus, "focus is null");
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
        }
    }

    /** {@code to} reads products of {@code from}. */
    record DomainEdge(DomainName from, DomainName to, List<ProductId> products) {
        public DomainEdge {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            products = List.copyOf(products);
        }
    }
}
