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

/**
 * How {@code mesh get} and {@code mesh query} print rows: an aligned table for people, or a format for machines
 * (Parquet only into a file).
 */
enum ReadFormat {
    TABLE, JSON, NDJSON, CSV, PARQUET;

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
            case PARQUET:
                return ResultFormat.PARQUET;
        }
        throw new IllegalArgumentException(name());
    }

    /**
     * Fetches the rows with {@code read} into {@code file}: written beside it first and moved into place only when the
     * read succeeded, so a refused or failed read leaves no file behind.
     */
    ReadSummary write(java.nio.file.Path file, SummarisedRead read) throws IOException {
        if (this == TABLE) {
            throw new org.meshwork.api.InvalidArgumentException(
                    "--format table is for the terminal; give --format csv, json, ndjson or parquet with --output");
        }
        java.nio.file.Path target = file.toAbsolutePath();
        java.nio.file.Path directory = target.getParent();
        java.nio.file.Files.createDirectories(directory);
        java.nio.file.Path partial = java.nio.file.Files.createTempFile(directory, "." + target.getFileName(), ".partial");
        try {
            ReadSummary summary;
            try (OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(partial))) {
                summary = read.into(out);
            }
            java.nio.file.Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } finally {
            java.nio.file.Files.deleteIfExists(partial);
        }
    }

    /** Fetches the rows with {@code read} and prints them. */
    ReadSummary print(Output output, SummarisedRead read) throws IOException {
        if (this == PARQUET) {
            throw new org.meshwork.api.InvalidArgumentException(
                    "Parquet is binary: give --output FILE to write it to a file");
        }
        ReadSummary[] summary = new ReadSummary[1];
        printRows(output, out -> summary[0] = read.into(out));
        return summary[0];
    }

    private void printRows(Output output, Read read) throws IOException {
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

    @FunctionalInterface
    interface SummarisedRead {
        ReadSummary into(OutputStream out) throws IOException;
    }
}
