package org.meshwork.engine.duckdb.quality;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A statement and its bound parameters, in the order of the {@code ?} placeholders (parameters may be NULL). */
public record SqlStatement(String sql, List<Object> parameters) {
    public SqlStatement {
        requireNonNull(sql, "sql is null");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }
}
