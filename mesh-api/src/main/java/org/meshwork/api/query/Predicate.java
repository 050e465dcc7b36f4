package org.meshwork.api.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.meshwork.api.InvalidArgumentException;

/**
 * One condition on one column: {@code column op values}, optionally negated. Values are text as the caller wrote them;
 * the engine binds them as parameters and casts them to the column's type, so a predicate never becomes SQL text.
 * Used for REST filters and for the row filters of grants.
 */
public record Predicate(String column, Operator operator, List<String> values, boolean negated) {

    public Predicate {
        requireNonNull(column, "column is null");
        requireNonNull(operator, "operator is null");
        values = List.copyOf(values);
        int arity = operator.arity();
        if (arity >= 0 ? values.size() != arity : values.isEmpty()) {
            throw new InvalidArgumentException("operator '" + operator.label() + "' on column '" + column + "' takes "
                    + (arity < 0 ? "one or more values" : arity + " value(s)") + ", got " + values.size());
        }
    }

    public static Predicate of(String column, Operator operator, String... values) {
        return new Predicate(column, operator, List.of(values), false);
    }
}
