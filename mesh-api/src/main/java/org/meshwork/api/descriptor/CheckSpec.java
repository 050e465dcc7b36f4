package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One declared quality check. {@code type} is the check kind ({@code row_count}, {@code null_percentage},
 * {@code freshness}, {@code uniqueness}, …); when a descriptor gives only {@code name}, as the guide does, the name is
 * the kind. The remaining fields are the kind's parameters; the descriptor validator checks which apply.
 */
public record CheckSpec(
        String name,
        String type,
        Optional<String> column,
        List<String> columns,
        Optional<Threshold> threshold,
        CheckSeverity severity,
        List<String> values,
        Optional<Double> min,
        Optional<Double> max,
        Optional<String> pattern,
        Optional<String> referenceProduct,
        Optional<String> referenceColumn,
        Optional<String> sql,
        Optional<String> description) {

    public CheckSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(column, "column is null");
        columns = List.copyOf(columns);
        requireNonNull(threshold, "threshold is null");
        requireNonNull(severity, "severity is null");
        values = List.copyOf(values);
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(pattern, "pattern is null");
        requireNonNull(referenceProduct, "referenceProduct is null");
        requireNonNull(referenceColumn, "referenceColumn is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(description, "description is null");
    }
}
