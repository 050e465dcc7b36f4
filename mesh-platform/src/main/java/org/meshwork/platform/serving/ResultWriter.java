package org.meshwork.platform.serving;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes rows as they are pulled, never holding more than one: JSON (an array of objects), NDJSON (one object per
 * line) and CSV (RFC 4180). Values keep their meaning: decimals and 64/128-bit integers are written as exact JSON
 * numbers (never through a double), NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"} (JSON has no such numbers), timestamps as ISO-8601 (with time zone: in UTC with {@code Z}),
 * binary as base64, lists and structs as JSON arrays and objects (in CSV as their JSON text), SQL NULL as
 * {@code null} (in CSV an empty field, while an empty string is {@code ""}).
 */
final class ResultWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private ResultWriter() {}

    /** Writes up to {@code limit} rows; returns how many were written. */
    static long write(ResultFormat format, RowSource rows, OutputStream out, long limit) throws IOException {
        switch (format) {
            case JSON: return json(rows, out, limit, false);
            case NDJSON: return json(rows, out, limit, true);
            case CSV: return csv(rows, out, limit);
            default: throw new IllegalArgumentException(format + " is not written row by row");
        }
    }

    private static long json(RowSource rows, OutputStream out, long limit, boolean lines) throws IOException {
        List<ResultColumn> columns = rows.columns();
        long count = 0;
        JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // NDJSON objects are separated by the line break alone, not Jackson's default space between root values
        generator.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(""));
        if (!lines) {
            generator.writeStartArray();
        }
        while (count < limit && rows.next()) {
            generator.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                generator.writeFieldName(columns.get(i).name());
                value(generator, rows.value(i));
            }
            generator.writeEndObject();
            if (lines) {
                generator.writeRaw('\n');
            }
            count++;
        }
        if (!lines) {
            generator.writeEndArray();
        }
        generator.flush();
        return count;
    }

    private static void value(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            generator.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            generator.writeNumber(decimal.toPlainString());
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                generator.writeString(Double.toString(number));
            } else if (value instanceof Float f) {
                generator.writeNumber(f);
            } else {
                generator.writeNumber(number);
            }
        } else if (value instanceof Temporal temporal) {
            generator.writeString(text(temporal));
        } else if (value instanceof byte[] bytes) {
            generator.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                value(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                value(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else {
            generator.writeString(value.toString());
        }
    }

    static String text(Temporal temporal) {
        if (temporal instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (temporal instanceof LocalDateTime time) {
            return time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        return temporal.toString();
    }

    private static long csv(RowSource rows, OutputStream out, long limit) throws IOException {
        List<ResultColumn> columns = rows.columns();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(quote(columns.get(i).name()));
        }
        writer.write("\r\n");
        long count = 0;
        while (count < limit && rows.next()) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                Object value = rows.value(i);
                if (value != null) {
                    writer.write(quote(csvText(value)));
                }
            }
            writer.write("\r\n");
            count++;
        }
        writer.flush();
        return count;
    }

    private static String csvText(Object value) throws IOException {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Temporal temporal) {
            return text(temporal);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            java.io.StringWriter text = new java.io.StringWriter();
            try (JsonGenerator generator = JSON.createGenerator(text)) {
                value(generator, value);
            }
            return text.toString();
        }
        return value.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break, or an empty one (so it differs from NULL), is quoted. */
    static String quote(String field) {
        if (field.isEmpty()) {
            return "\"\"";
        }
        boolean needsQuotes = false;
        for (int i = 0; i < field.length() && !needsQuotes; i++) {
            char c = field.charAt(i);
            needsQuotes = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
