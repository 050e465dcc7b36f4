package org.meshwork.descriptor;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.descriptor.Threshold;

/**
 * The quality check kinds a descriptor may declare, with the parameters each needs and the threshold units that make
 * sense for it (a freshness check measures time, a null percentage a share).
 */
enum CheckKind {
    ROW_COUNT("row_count", List.of("threshold"), Set.of(), EnumSet.of(Threshold.Unit.NONE)),
    NULL_PERCENTAGE("null_percentage", List.of("column", "threshold"), Set.of(), EnumSet.of(Threshold.Unit.PERCENT)),
    FRESHNESS("freshness", List.of("threshold"), Set.of("column"), EnumSet.of(Threshold.Unit.DURATION)),
    UNIQUENESS("uniqueness", List.of(), Set.of("column", "columns", "threshold"), EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT)),
    ACCEPTED_VALUES("accepted_values", List.of("column", "values"), Set.of("threshold"), EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT)),
    RANGE("range", List.of("column"), Set.of("min", "max", "threshold"), EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT)),
    REGEX("regex", List.of("column", "pattern"), Set.of("threshold"), EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT)),
    NOT_NULL("not_null", List.of(), Set.of("column", "columns", "threshold"), EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT)),
    REFERENTIAL_INTEGRITY("referential_integrity", List.of("column", "reference"), Set.of("threshold"),
            EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT)),
    ROW_COUNT_CHANGE("row_count_change", List.of("threshold"), Set.of(), EnumSet.of(Threshold.Unit.PERCENT)),
    SCHEMA("schema", List.of(), Set.of(), EnumSet.noneOf(Threshold.Unit.class)),
    CUSTOM_SQL("custom_sql", List.of("sql", "threshold"), Set.of(), EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT));

    /** Keys every check may carry, whatever its kind. */
    static final Set<String> COMMON_KEYS = Set.of("name", "type", "severity", "description");
    /** Every key a check may carry (the schema's properties of a check). */
    static final Set<String> KEYS = Set.of("name", "type", "column", "columns", "threshold", "severity", "values", "min",
            "max", "pattern", "reference", "sql", "description");

    private final String label;
    private final List<String> required;
    private final Set<String> optional;
    private final Set<Threshold.Unit> units;

    CheckKind(String label, List<String> required, Set<String> optional, Set<Threshold.Unit> units) {
        this.label = label;
        this.required = required;
        this.optional = optional;
        this.units = units;
    }

    String label() {
        return label;
    }

    /** Parameters the kind cannot do without; {@code uniqueness} and {@code not_null} need column or columns instead. */
    List<String> required() {
        return required;
    }

    boolean accepts(String key) {
        return COMMON_KEYS.contains(key) || required.contains(key) || optional.contains(key);
    }

    boolean needsColumnOrColumns() {
        return this == UNIQUENESS || this == NOT_NULL;
    }

    Set<Threshold.Unit> units() {
        return units;
    }

    /** What a threshold of this kind looks like, for messages. */
    String thresholdExample() {
        return switch (this) {
            case ROW_COUNT -> "\"> 1000\"";
            case NULL_PERCENTAGE -> "\"< 1%\"";
            case FRESHNESS -> "\"< 24 hours\"";
            case ROW_COUNT_CHANGE -> "\"< 20%\"";
            case SCHEMA -> "none";
            case UNIQUENESS, ACCEPTED_VALUES, RANGE, REGEX, NOT_NULL, REFERENTIAL_INTEGRITY, CUSTOM_SQL -> "\"== 0\" or \"< 1%\"";
        };
    }

    static Optional<CheckKind> fromLabel(String label) {
        for (CheckKind kind : values()) {
            if (kind.label.equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    static List<String> labels() {
        return java.util.Arrays.stream(values()).map(CheckKind::label).toList();
    }
}
