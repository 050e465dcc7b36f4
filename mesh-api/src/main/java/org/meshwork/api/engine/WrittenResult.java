package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.TableColumn;

/**
 * A transform result that {@link EngineSession#writeResult} streamed into Parquet files and checked against the
 * contract: the files (not yet committed to any table), the result's schema as a table stores it, and a relation
 * that reads the written rows back, for quality checks and the new watermark. Reading the relation reads the files;
 * the transform is not computed again.
 *
 * @param relation the written rows
 * @param schema the result's columns in order, with the engine's type names
 * @param files the written files, paths relative to the table root, with sizes and row counts
 */
public record WrittenResult(Relation relation, List<TableColumn> schema, List<DataFile> files) {
    public WrittenResult {
        requireNonNull(relation, "relation is null");
        schema = List.copyOf(schema);
        files = List.copyOf(files);
    }

    /** The rows written, the sum over the files. */
    public long rowCount() {
        return files.stream().mapToLong(DataFile::rowCount).sum();
    }

    /** The bytes written, the sum over the files. */
    public long sizeBytes() {
        return files.stream().mapToLong(DataFile::sizeBytes).sum();
    }
}
