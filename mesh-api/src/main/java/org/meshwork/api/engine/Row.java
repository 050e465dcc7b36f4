package org.meshwork.api.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a {@link EngineSession#query} result. Values are {@code null} for SQL NULL and otherwise plain Java types:
 * {@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code BigInteger} (for 128-bit and unsigned
 * 64-bit integers), {@code Double}, {@code BigDecimal},
 * {@code LocalDate}, {@code LocalDateTime}, {@code OffsetDateTime}, {@code byte[]}, {@code List} or {@code Map}.
 */
public record Row(List<String> columns, List<Object> values) {
    public Row {
        columns = List.copyOf(columns);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException("a row needs one value per column");
        }
    }

    public Object value(int index) {
        return values.get(index);
    }

    /** The value of a column by name. */
    public Object value(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }
        return values.get(index);
    }
}
