package org.meshwork.testing.table;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes and reads Parquet files for table-format tests, so that the contract tests need no engine at compile time.
 * The queries use DuckDB's SQL dialect, the platform's default engine.
 */
public interface ParquetFiles {

    /**
     * Writes the rows of {@code query} to a new Parquet file.
     *
     * @param query a {@code SELECT} in DuckDB's dialect, e.g. {@code SELECT i AS id FROM range(3) t(i)}
     * @param file the file to create
     */
    void write(String query, Path file);

    /**
     * Reads every row of the given files, each value cast to {@code VARCHAR} (timestamps with time zone in UTC),
     * rows sorted by all columns.
     */
    List<List<String>> rows(List<Path> files);
}
