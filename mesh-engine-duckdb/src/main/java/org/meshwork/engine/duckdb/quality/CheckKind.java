package org.meshwork.engine.duckdb.quality;

import java.util.EnumSet;
import java.util.Set;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.Threshold;

/** The check kinds the engine evaluates, with the threshold units each accepts and whether it judges single rows. */
public enum CheckKind {
    ROW_COUNT("row_count", EnumSet.of(Threshold.Unit.NONE), false),
    NULL_PERCENTAGE("null_percentage", EnumSet.of(Threshold.Unit.PERCENT), true),
    FRESHNESS("freshness", EnumSet.of(Threshold.Unit.DURATION), false),
    UNIQUENESS("uniqueness", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), true),
    ACCEPTED_VALUES("accepted_values", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), true),
    RANGE("range", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), true),
    REGEX("regex", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), true),
    NOT_NULL("not_null", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), true),
    REFERENTIAL_INTEGRITY("referential_integrity", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), true),
    ROW_COUNT_CHANGE("row_count_change", EnumSet.of(Threshold.Unit.PERCENT), false),
    SCHEMA("schema", EnumSet.noneOf(Threshold.Unit.class), false),
    CUSTOM_SQL("custom_sql", EnumSet.of(Threshold.Unit.NONE, Threshold.Unit.PERCENT), false);

    private final String label;
    private final Set<Threshold.Unit> units;
    private final boolean judgesRows;

    CheckKind(String label, Set<Threshold.Unit> units, boolean judgesRows) {
        this.label = label;
        this.units = units;
        this.judgesRows = judgesRows;
    }

    /** The name descriptors use in {@code type}. */
    public String label() {
        return label;
    }

    /** Threshold units that make sense for the kind; empty for {@code schema}, which takes no threshold. */
    public Set<Threshold.Unit> units() {
        return units;
    }

    /**
     * Whether the kind counts rows that break a condition: such checks default to the threshold {@code == 0}, report
     * a failing row count and a failing sample, and with a {@code %} threshold measure the share of all rows.
     */
    public boolean judgesRows() {
        return judgesRows;
    }

    /** The kind of a check: its {@code type}. */
    public static CheckKind of(CheckSpec check) {
        for (CheckKind kind : values()) {
            if (kind.label.equals(check.type())) {
                return kind;
            }
        }
        throw new InvalidArgumentException("check " + check.name() + ": unknown check type '" + check.type() + "'");
    }
}
