package org.meshwork.engine.duckdb.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The checks of one run, compiled: {@link #aggregate()} is the one scan that measures every column-level check at
 * once, {@link #checks()} says, per check in declared order, where its value is found.
 */
public record CompiledChecks(SqlStatement aggregate, List<CompiledCheck> checks) {
    public CompiledChecks {
        requireNonNull(aggregate, "aggregate is null");
        checks = List.copyOf(checks);
    }
}
