package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.meshwork.api.ProductId;
import org.meshwork.api.query.Predicate;

/**
 * A structured read of one governed product: columns (empty: all visible ones), filters (all must hold), order and
 * page. It never becomes SQL text with the caller's values in it: column names are checked against the product's
 * visible columns and quoted, values are bound parameters cast to the column's type.
 *
 * @param limit the most rows to return; not negative
 * @param offset how many rows to skip first; not negative
 */
public record ProductRead(
        ProductId product, List<String> select, List<Predicate> filters, List<Ordering> order, long limit, long offset) {

    public ProductRead {
        requireNonNull(product, "product is null");
        select = List.copyOf(select);
        filters = List.copyOf(filters);
        order = List.copyOf(order);
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative");
        }
    }
}
