package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.table.TableColumn;

/**
 * One product as a reader may see it in a {@link GovernedSession}: the snapshot's files and schema, and the access
 * decision that cuts it down (columns, masks, row filter). The session turns it into the only relation named after
 * the product, so every query over the product goes through the decision.
 *
 * @param files the snapshot's data files, absolute paths
 * @param schema the snapshot's columns and types
 */
public record GovernedView(ProductId product, List<Path> files, List<TableColumn> schema, ReadDecision decision) {

    public GovernedView {
        requireNonNull(product, "product is null");
        files = List.copyOf(files);
        schema = List.copyOf(schema);
        requireNonNull(decision, "decision is null");
        if (!decision.product().equals(product)) {
            throw new IllegalArgumentException("decision for " + decision.product() + " given for " + product);
        }
    }
}
