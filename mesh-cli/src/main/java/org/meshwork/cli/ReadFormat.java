package org.meshwork.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meshwork.platform.serving.ResultFormat;

/** How {@code mesh get} and {@code mesh query} print rows: an aligned table for people, or a format for machines. */
enum ReadFormat {
    TABLE, JSON, NDJSON, CSV;

    /** The format the rows are fetched in: a table is drawn from JSON. */
    ResultFormat fetched() {
        switch (this) {
            case TABLE:
            case JSON:
                return ResultFormat.JSON;
            case NDJSON:
                return ResultFormat.NDJSON;
            case CSV:
                return ResultFormat.CSV;
        }
        throw new IllegalArgumentException(name());
    }

    /** Fetches the rows with {@code read} and prints them. */
    void print(Output output, Read read) throws IOException {
        if (this != TABLE) {
            try (OutputStream out = new WriterOutputStream(output.writer())) {
                read.into(out);
            }
            if (this == JSON) {
                output.line();
            }
            output.writer().flush();
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        read.into(buffer);
        List<Map<String, Object>> rows = new ObjectMapper().readValue(buffer.toByteArray(), new TypeReference<>() {});
        if (rows.isEmpty()) {
            output.line("(no rows)");
            return;
        }
        List<String> header = new ArrayList<>(rows.get(0).keySet());
        output.table(header.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList(), rows.stream()
                .map(row -> header.stream().map(h -> row.get(h) == null ? "NULL" : String.valueOf(row.get(h))).toList())
                .toList());
        output.line("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    @FunctionalInterface
    interface Read {
        void into(OutputStream out) throws IOException;
    }
}
