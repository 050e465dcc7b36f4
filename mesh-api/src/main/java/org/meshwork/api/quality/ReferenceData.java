package org.meshwork.api.quality;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.table.TableColumn;

/**
 * The current published snapshot of a product another product's {@code referential_integrity} check points at, as the
 * platform resolved it (engines never look products up themselves).
 *
 * @param files absolute paths of the snapshot's Parquet files; empty when the snapshot holds no rows
 * @param columns the snapshot's columns with their SQL types; the checked reference column must be among them
 */
public record ReferenceData(List<Path> files, List<TableColumn> columns) {
    public ReferenceData {
        files = files.stream().map(path -> path.toAbsolutePath().normalize()).toList();
        columns = List.copyOf(columns);
    }

    public Optional<TableColumn> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }
}
