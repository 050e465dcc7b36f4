package org.meshwork.api.table;

import static java.util.Objects.requireNonNull;

/**
 * A column of a table as the engine sees it: its name, its SQL type in DuckDB's spelling (e.g. {@code BIGINT},
 * {@code DECIMAL(12,2)}, {@code TIMESTAMP WITH TIME ZONE}) and whether it may hold nulls.
 */
public record TableColumn(String name, String type, boolean nullable) {
    public TableColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
