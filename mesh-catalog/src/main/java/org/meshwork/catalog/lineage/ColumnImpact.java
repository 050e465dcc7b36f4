package org.meshwork.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.meshwork.api.lineage.DerivationKind;

/**
 * One column reached when following a column's lineage: {@code distance} hops away; {@code certain} is false when the
 * hop was only known at table level (the column may depend on it or not; {@code note} says why it is unknown).
 */
public record ColumnImpact(String node, NodeKind kind, String column, DerivationKind derivation, int distance,
        boolean certain, String via, Optional<String> note) {

    public ColumnImpact {
        requireNonNull(node, "node is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(column, "column is null");
        requireNonNull(derivation, "derivation is null");
        requireNonNull(via, "via is null");
        requireNonNull(note, "note is null");
    }
}
