package org.meshwork.engine.duckdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/**
 * Collects JSON objects that Java code has validated (from JSON files or HTTP pages) in a newline-delimited file in
 * the session's staging directory, then lets DuckDB's {@code read_json} infer their columns over the whole file.
 */
final class NdjsonStaging implements AutoCloseable {

    /** Column of the raw table holding each record's line in its source file. */
    static final String LINE_COLUMN = "_mesh_line";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceContext context;
    private final Path file;
    private final BufferedWriter writer;
    private long records;

    NdjsonStaging(SourceContext context) {
        this.context = context;
        try {
            this.file = Files.createTempFile(context.stagingDirectory(), context.source().name() + "-", ".ndjson");
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(ObjectNode record, Long line) {
        if (line != null) {
            record.put(LINE_COLUMN, line.longValue());
        }
        try {
            writer.write(JSON.writeValueAsString(record));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records++;
    }

    /** Creates the raw table from the collected records. */
    StagedSource finish(long rejected, boolean withLines) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String table = SqlIdentifiers.quote(context.rawTable());
        if (records > 0) {
            context.database().update(context.context(), "CREATE TABLE " + table
                    + " AS SELECT * FROM read_json(?, format='newline_delimited', sample_size=-1)", file.toString());
        } else if (!context.declared().isEmpty()) {
            context.database().update(context.context(), "CREATE TABLE " + table + " (" + context.declared().stream()
                    .map(column -> SqlIdentifiers.quote(column.name()) + " VARCHAR")
                    .collect(Collectors.joining(", ")) + (withLines ? ", " + LINE_COLUMN + " BIGINT" : "") + ")");
        } else {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context()
                    + ": no records, and no declared columns to give an empty result its shape; declare its columns");
        }
        boolean hasLines = withLines && context.database().select(context.context(),
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                java.util.List.of(context.rawTable(), LINE_COLUMN), row -> ((Number) row.value(0)).longValue()).get(0) > 0;
        return new StagedSource(context.rawTable(), rejected, hasLines ? Optional.of(LINE_COLUMN) : Optional.empty());
    }

    @Override
    public void close() {
        try {
            writer.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
