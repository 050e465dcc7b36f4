package org.meshwork.api.query;

import java.util.Optional;
import org.meshwork.api.EnumLabels;

/** A comparison of a column with values, in the PostgREST convention's names ({@code eq}, {@code gt}, {@code in}…). */
public enum Operator {
    EQ(1), NEQ(1), GT(1), GTE(1), LT(1), LTE(1),
    /** SQL LIKE; {@code *} in a REST filter stands for {@code %}. */
    LIKE(1),
    /** Case-insensitive LIKE. */
    ILIKE(1),
    /** One of a list of values (at least one). */
    IN(-1),
    IS_NULL(0),
    IS_NOT_NULL(0);

    private final int arity;

    Operator(int arity) {
        this.arity = arity;
    }

    /** How many values the operator takes: 0, 1, or -1 for one or more. */
    public int arity() {
        return arity;
    }

    public String label() {
        return EnumLabels.label(this);
    }

    public static Optional<Operator> fromLabel(String label) {
        return EnumLabels.fromLabel(Operator.class, label);
    }
}
