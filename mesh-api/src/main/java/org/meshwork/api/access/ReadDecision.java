package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.query.Predicate;

/**
 * What a principal may read of one product: the columns (in contract order) with their masks, and the rows (a
 * conjunction of predicates every returned row must satisfy; empty means all rows). A reader never sees a column that
 * is not listed, and never sees a masked column's clear values, whatever the query does with it.
 *
 * @param basis why the read is allowed, for the audit log: e.g. {@code owner}, {@code public}, {@code grant g-12}
 * @param purpose the purpose the reader stated, or the grant's purpose
 */
public record ReadDecision(
        ProductId product, List<ColumnAccess> columns, List<Predicate> rowFilter, String basis, Optional<String> purpose) {

    public ReadDecision {
        requireNonNull(product, "product is null");
        columns = List.copyOf(columns);
        rowFilter = List.copyOf(rowFilter);
        requireNonNull(basis, "basis is null");
        requireNonNull(purpose, "purpose is null");
    }

    public Optional<ColumnAccess> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }
}
