package org.meshwork.api.table;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A committed, immutable version of a table: what a reader of that version sees.
 *
 * @param version the version, 0 for the first commit
 * @param committedAt when the commit happened; strictly increasing with the version
 * @param schema the table's columns, types in DuckDB's canonical spelling
 * @param files every data file of the version, paths relative to the table root
 * @param rowCount the number of rows over all files
 * @param info what the commit recorded about its origin (see {@link CommitRequest#info()})
 */
public record Snapshot(
        long version,
        Instant committedAt,
        List<TableColumn> schema,
        List<DataFile> files,
        long rowCount,
        Map<String, String> info) {

    public Snapshot {
        requireNonNull(committedAt, "committedAt is null");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        schema = List.copyOf(requireNonNull(schema, "schema is null"));
        files = List.copyOf(requireNonNull(files, "files is null"));
        info = Map.copyOf(requireNonNull(info, "info is null"));
    }
}
