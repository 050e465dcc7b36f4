package org.meshwork.api.engine;

/** Turns one {@link Row} of a query result into a value. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(Row row);
}
