package org.meshwork.api.lineage;

import static java.util.Objects.requireNonNull;

/**
 * One column of one input of a transform: {@code dataset} is the name the transform SQL reads it by (a source's
 * {@code name}), {@code column} the column's name there.
 */
public record ColumnRef(String dataset, String column) implements Comparable<ColumnRef> {
    public ColumnRef {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(column, "column is null");
    }

    @Override
    public int compareTo(ColumnRef other) {
        int byDataset = dataset.compareTo(other.dataset);
        return byDataset != 0 ? byDataset : column.compareTo(other.column);
    }

    @Override
    public String toString() {
        return dataset + "." + column;
    }
}
