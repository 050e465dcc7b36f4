package org.meshwork.api.lineage;

/**
 * How an output column is made from its inputs — the OpenLineage column-lineage transformation subtypes, so events
 * carry them as they are: a plain copy or rename ({@code IDENTITY}), a row-wise expression ({@code TRANSFORMATION}),
 * or a value computed over a group of rows ({@code AGGREGATION}).
 */
public enum DerivationKind {
    IDENTITY, TRANSFORMATION, AGGREGATION;

    /** The weaker of two: combining a copy with an aggregate is an aggregate. */
    public DerivationKind combine(DerivationKind other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
