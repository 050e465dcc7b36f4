package org.meshwork.platform.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import org.meshwork.api.table.TableColumn;

/**
 * The high-water mark of an {@code append} product, kept as text in the commit info of the snapshot that reached it,
 * and read back with the Java type its column's SQL type has, so the engine compares values, not strings.
 */
final class Watermarks {
    /** Commit-info key of the watermark. */
    static final String INFO_KEY = "meshwork.watermark";

    private Watermarks() {}

    static String encode(Object value) {
        return value.toString();
    }

    static Optional<Object> decode(Optional<String> text, Optional<TableColumn> column) {
        if (text.isEmpty() || column.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        String type = column.get().type().toUpperCase(Locale.ROOT);
        Object decoded;
        if (type.startsWith("TIMESTAMP WITH TIME ZONE") || type.equals("TIMESTAMPTZ")) {
            decoded = value.endsWith("Z") ? Instant.parse(value) : OffsetDateTime.parse(value);
        } else if (type.startsWith("TIMESTAMP") || type.equals("DATETIME")) {
            decoded = LocalDateTime.parse(value);
        } else if (type.equals("DATE")) {
            decoded = LocalDate.parse(value);
        } else if (type.matches("(BIG|SMALL|TINY|HUGE|U)?INT(EGER)?|LONG")) {
            decoded = Long.parseLong(value);
        } else if (type.startsWith("DECIMAL") || type.startsWith("NUMERIC")) {
            decoded = new BigDecimal(value);
        } else if (type.equals("DOUBLE") || type.equals("FLOAT") || type.equals("REAL")) {
            decoded = Double.parseDouble(value);
        } else {
            decoded = value;
        }
        return Optional.of(decoded);
    }
}
