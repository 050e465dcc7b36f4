package org.meshwork.catalog.openlineage;

import static java.util.Objects.requireNonNull;

/** An OpenLineage dataset identifier: the data source ({@code namespace}) and the dataset within it ({@code name}). */
public record DatasetName(String namespace, String name) {
    public DatasetName {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(name, "name is null");
    }
}
