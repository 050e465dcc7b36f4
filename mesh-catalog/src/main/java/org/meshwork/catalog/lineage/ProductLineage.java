package org.meshwork.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.TransformLineage;

/**
 * The lineage of one product at one descriptor version: its inputs as graph nodes, and the column lineage of its
 * transform in terms of the inputs' source names. Stored per descriptor version and per run.
 */
public record ProductLineage(ProductId product, long descriptorVersion, String domain, List<LineageInput> inputs,
        TransformLineage transform) {

    public ProductLineage {
        requireNonNull(product, "product is null");
        requireNonNull(domain, "domain is null");
        inputs = List.copyOf(inputs);
        requireNonNull(transform, "transform is null");
    }

    public Optional<LineageInput> input(String source) {
        return inputs.stream().filter(i -> i.source().equalsIgnoreCase(source)).findFirst();
    }
}
