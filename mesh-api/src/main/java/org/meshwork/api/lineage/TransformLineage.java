package org.meshwork.api.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a transform reads and how each output column is derived. {@code datasets} are the names the SQL reads (table
 * level, always complete when the SQL parses); {@code columns} are the output columns in order, each with its inputs or
 * the reason it could not be followed; {@code notes} say why column lineage is partial or missing. When the SQL itself
 * cannot be analysed ({@link #tableLevelOnly()}), {@code columns} is empty and a note says why.
 */
public record TransformLineage(List<String> datasets, List<ColumnDerivation> columns, List<String> notes) {
    public TransformLineage {
        datasets = List.copyOf(datasets);
        columns = List.copyOf(columns);
        notes = List.copyOf(notes);
    }

    public static TransformLineage tableLevel(List<String> datasets, String note) {
        return new TransformLineage(datasets, List.of(), List.of(requireNonNull(note, "note is null")));
    }

    public boolean tableLevelOnly() {
        return columns.isEmpty();
    }

    public Optional<ColumnDerivation> column(String name) {
        return columns.stream().filter(c -> c.column().equalsIgnoreCase(name)).findFirst();
    }
}
