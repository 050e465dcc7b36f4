package org.meshwork.engine.duckdb.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.Threshold;

/**
 * One validated check and where its measurement comes from.
 *
 * @param spec the declared check
 * @param kind its kind
 * @param threshold the pass condition in effect: the declared one, or {@code == 0} for a check that judges rows and
 *     declares none; empty for {@code schema}
 * @param columns the checked columns, as named in the relation (empty for table-level kinds)
 * @param aggregateColumn the position of the check's value in the result of {@link CompiledChecks#aggregate()}, for
 *     kinds measured by the one scan (position 0 is always the row count)
 * @param sample the query for up to five failing rows (run only when the check fails), for kinds measured by the scan
 *     that judge rows
 */
public record CompiledCheck(
        CheckSpec spec,
        CheckKind kind,
        Optional<Threshold> threshold,
        List<String> columns,
        OptionalInt aggregateColumn,
        Optional<SqlStatement> sample) {

    public CompiledCheck {
        requireNonNull(spec, "spec is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(threshold, "threshold is null");
        columns = List.copyOf(columns);
        requireNonNull(aggregateColumn, "aggregateColumn is null");
        requireNonNull(sample, "sample is null");
    }

    /** The single checked column. */
    public String column() {
        return columns.get(0);
    }
}
