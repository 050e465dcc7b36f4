package org.meshwork.api.table;

import static java.util.Objects.requireNonNull;

/**
 * A Parquet file an engine wrote for a table, ready to be committed. {@code path} is relative to the table's root
 * directory (forward slashes), so a table stays valid when its directory moves.
 */
public record DataFile(String path, long sizeBytes, long rowCount, long modifiedAtMillis) {
    public DataFile {
        requireNonNull(path, "path is null");
        if (path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("data file path must be relative to the table root: " + path);
        }
        if (sizeBytes < 0 || rowCount < 0) {
            throw new IllegalArgumentException("size and row count must not be negative");
        }
    }
}
