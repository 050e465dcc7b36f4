package org.meshwork.api.descriptor;

import java.util.List;
import java.util.Optional;

/** The columns a product promises its consumers, in order. */
public record OutputSchema(List<ColumnSpec> columns) {
    public OutputSchema {
        columns = List.copyOf(columns);
    }

    public static OutputSchema empty() {
        return new OutputSchema(List.of());
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    public Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
