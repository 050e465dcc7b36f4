package org.meshwork.api.table;

import java.nio.file.Path;

/**
 * A table format that stores a data product's output as versioned snapshots of Parquet files (Delta Lake, Iceberg).
 *
 * <p>Implementations are stateless factories and safe to share between threads. Every {@link ProductTable} they open
 * keeps its whole state in the table directory, so several processes may open the same table at once.
 */
public interface TableFormat {

    /** The format's stable name, e.g. {@code delta}; used in configuration and in the catalog. */
    String name();

    /**
     * Opens the table stored in {@code location}. Opening never writes: a table that does not exist yet has no
     * {@link ProductTable#current() current} snapshot and is created by its first {@link ProductTable#commit commit}.
     *
     * @param location the table's root directory; it need not exist yet
     * @throws org.meshwork.api.InvalidArgumentException when {@code location} exists but is not a directory
     */
    ProductTable open(Path location);
}
