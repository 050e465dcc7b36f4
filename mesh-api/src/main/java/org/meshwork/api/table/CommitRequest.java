package org.meshwork.api.table;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.meshwork.api.descriptor.WriteMode;

/**
 * A new snapshot to commit: the table schema, the Parquet files the writer wrote, and whether they are added to the
 * previous snapshot's files ({@link WriteMode#APPEND}) or replace them ({@link WriteMode#OVERWRITE}).
 *
 * @param expectedVersion the version the writer based its work on; {@link #NEW_TABLE} when the table must not exist
 * @param schema the table's columns, in order; for an {@code APPEND} it must equal the current schema
 * @param files the files to add, paths relative to the table root, each listed once; may be empty
 * @param mode {@code APPEND} keeps the previous snapshot's files, {@code OVERWRITE} removes all of them
 * @param info what the commit records about its origin, e.g. {@link #RUN_ID}, {@link #PRODUCT_ID}, {@link #OPERATION};
 *     returned in {@link Snapshot#info()} and {@link SnapshotInfo#info()}
 */
public record CommitRequest(
        long expectedVersion, List<TableColumn> schema, List<DataFile> files, WriteMode mode, Map<String, String> info) {

    /** The expected version of a table that does not exist yet. */
    public static final long NEW_TABLE = -1;

    /** Info key: the id of the run that wrote the snapshot. */
    public static final String RUN_ID = "runId";
    /** Info key: the data product the table belongs to. */
    public static final String PRODUCT_ID = "productId";
    /** Info key: the operation that wrote the snapshot, e.g. {@code run}, {@code backfill}. */
    public static final String OPERATION = "operation";

    public CommitRequest {
        requireNonNull(schema, "schema is null");
        requireNonNull(files, "files is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(info, "info is null");
        if (expectedVersion < NEW_TABLE) {
            throw new IllegalArgumentException("expected version must be -1 (new table) or a version: " + expectedVersion);
        }
        if (schema.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        schema = List.copyOf(schema);
        files = List.copyOf(files);
        info = Map.copyOf(info);
        Set<String> names = new HashSet<>();
        for (TableColumn column : schema) {
            if (!names.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("column '" + column.name() + "' appears twice");
            }
        }
        Set<String> paths = new HashSet<>();
        for (DataFile file : files) {
            if (!paths.add(file.path())) {
                throw new IllegalArgumentException("data file '" + file.path() + "' appears twice");
            }
        }
    }

    /** A request that appends {@code files} to the snapshot at {@code expectedVersion}. */
    public static CommitRequest append(
            long expectedVersion, List<TableColumn> schema, List<DataFile> files, Map<String, String> info) {
        return new CommitRequest(expectedVersion, schema, files, WriteMode.APPEND, info);
    }

    /** A request that replaces every file of the snapshot at {@code expectedVersion} with {@code files}. */
    public static CommitRequest overwrite(
            long expectedVersion, List<TableColumn> schema, List<DataFile> files, Map<String, String> info) {
        return new CommitRequest(expectedVersion, schema, files, WriteMode.OVERWRITE, info);
    }
}
