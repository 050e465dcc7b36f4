package org.meshwork.api.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Where one output column of a transform comes from. When {@code unsupported} is present the analysis could not follow
 * the column (the reason says which construct), {@code inputs} is empty and only table-level lineage holds for it:
 * an unknown derivation is reported as unknown, never guessed.
 */
public record ColumnDerivation(String column, List<ColumnRef> inputs, DerivationKind kind, Optional<String> unsupported) {
    public ColumnDerivation {
        requireNonNull(column, "column is null");
        inputs = List.copyOf(inputs);
        requireNonNull(kind, "kind is null");
        requireNonNull(unsupported, "unsupported is null");
        if (unsupported.isPresent() && !inputs.isEmpty()) {
            throw new IllegalArgumentException("an unsupported derivation of " + column + " must not name inputs");
        }
    }

    public static ColumnDerivation unknown(String column, String reason) {
        return new ColumnDerivation(column, List.of(), DerivationKind.TRANSFORMATION, Optional.of(reason));
    }

    public boolean known() {
        return unsupported.isEmpty();
    }
}
