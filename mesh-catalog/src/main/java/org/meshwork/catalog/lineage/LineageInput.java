package org.meshwork.catalog.lineage;

import static java.util.Objects.requireNonNull;

/**
 * One source of a product as a lineage node: {@code source} is the name the transform reads it by; {@code node} the
 * node id ({@code dp.sales.orders} for a product, {@code system:crm_system}, {@code postgres://db:5432/sales},
 * {@code file:data/orders.csv}, {@code https://api.example.com} for external systems); {@code label} how to show it.
 */
public record LineageInput(String source, NodeKind kind, String node, String label) {
    public LineageInput {
        requireNonNull(source, "source is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(node, "node is null");
        requireNonNull(label, "label is null");
    }
}
