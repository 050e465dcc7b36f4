package org.meshwork.engine.duckdb;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.EngineSession;

/**
 * CSV files (a path or a glob) through DuckDB's {@code read_csv} with its sniffer on; lines that cannot be split into
 * the right number of columns are captured with {@code store_rejects} and quarantined with their line number and raw
 * text.
 *
 * <p>Declared columns are read with their types ({@code types={…}}) in one streaming pass: the reader itself rejects
 * the lines whose values do not cast, with their line and raw text, and only those lines are read again, all declared
 * columns as VARCHAR, to give them the same reasons {@link SourceTyping} gives (every failing column of the row, in
 * declaration order). {@code NOT NULL} checks are left to {@link SourceTyping}. When a {@code date_format} or
 * {@code timestamp_format} is given, declared columns are read as VARCHAR and cast by {@link SourceTyping} as before,
 * since those formats apply to the reader's own casts only.
 */
final class CsvSourceReader implements SourceReader {

    private static final Set<String> OPTIONS =
            Set.of("delimiter", "header", "quote", "escape", "date_format", "timestamp_format", "skip");
    private static final String LINE = "__meshwork_line";
    private static final String SCAN = "__meshwork_scan";
    private static final String FILE = "__meshwork_file";

    @Override
    public StagedSource read(SourceContext context) {
        var source = context.source();
        String path = source.path().orElseThrow(() -> new InvalidArgumentException(
                "source " + source.name() + ": a csv source needs a path"));
        SourceOptions options = new SourceOptions(source.name(), source.options(), OPTIONS);
        String rejectsTable = "_rejects_" + source.name();
        String rejectsScan = "_rejects_scan_" + source.name();
        boolean typed = !context.declared().isEmpty()
                && options.text("date_format").isEmpty() && options.text("timestamp_format").isEmpty();

        List<String> arguments = new ArrayList<>();
        arguments.add("?");
        if (!context.declared().isEmpty()) {
            arguments.add("types={" + context.declared().stream()
                    .map(column -> SqlIdentifiers.literal(column.name()) + ": "
                            + SqlIdentifiers.literal(typed ? column.type() : "VARCHAR"))
                    .collect(Collectors.joining(", ")) + "}");
        }
        arguments.add("store_rejects=true");
        arguments.add("rejects_table=" + SqlIdentifiers.literal(rejectsTable));
        arguments.add("rejects_scan=" + SqlIdentifiers.literal(rejectsScan));
        arguments.add("filename=false");
        options.text("delimiter").ifPresent(value -> arguments.add("delim=" + SqlIdentifiers.literal(value)));
        options.bool("header").ifPresent(value -> arguments.add("header=" + value));
        options.text("quote").ifPresent(value -> arguments.add("quote=" + SqlIdentifiers.literal(value)));
        options.text("escape").ifPresent(value -> arguments.add("escape=" + SqlIdentifiers.literal(value)));
        options.text("date_format").ifPresent(value -> arguments.add("dateformat=" + SqlIdentifiers.literal(value)));
        options.text("timestamp_format")
                .ifPresent(value -> arguments.add("timestampformat=" + SqlIdentifiers.literal(value)));
        options.positiveInt("skip").ifPresent(value -> arguments.add("skip=" + value));

        var database = context.database();
        database.update(context.context(), "CREATE TABLE " + SqlIdentifiers.quote(context.rawTable())
                + " AS SELECT * FROM read_csv(" + String.join(", ", arguments) + ")",
                context.resolve(path).toString());
        // a cast failure of a declared column is retyped below; every other problem of a line is the reader's
        String retyped = typed ? "e.error_type = 'CAST' AND lower(e.column_name) IN (" + context.declared().stream()
                .map(column -> SqlIdentifiers.literal(column.name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", ")) + ")" : "false";
        long rejected = database.update(context.context(),
                "INSERT INTO " + SqlIdentifiers.quote(EngineSession.QUARANTINE_RELATION)
                        + " SELECT ?, 'CSV line rejected in ' || s.file_path || ': '"
                        + " || string_agg(e.error_type || ' (' || e.error_message || ')', '; '), ?,"
                        + " first(e.csv_line), e.line"
                        + " FROM " + SqlIdentifiers.quote(rejectsTable) + " e"
                        + " JOIN " + SqlIdentifiers.quote(rejectsScan) + " s USING (scan_id, file_id)"
                        + " WHERE NOT (" + retyped + ")"
                        + " GROUP BY s.file_path, e.line ORDER BY s.file_path, e.line",
                source.name(), context.runId());
        if (typed) {
            rejected += quarantineCastFailures(context, rejectsTable, rejectsScan, retyped);
        }
        database.update(context.context(), "DROP TABLE " + SqlIdentifiers.quote(rejectsTable));
        database.update(context.context(), "DROP TABLE " + SqlIdentifiers.quote(rejectsScan));
        return new StagedSource(context.rawTable(), rejected, Optional.empty(), typed);
    }

    /**
     * The lines the typed read rejected only because declared columns did not cast: their raw text is written to a
     * file of the session, each prefixed with its scan, file and line, and read again with the declared columns as
     * VARCHAR (the other columns with the types the reader gave them), so that {@link SourceTyping#reason} describes
     * every failing column exactly as for a staged source, and the record is the row's JSON.
     */
    private static long quarantineCastFailures(SourceContext context, String rejectsTable, String rejectsScan,
            String retyped) {
        var database = context.database();
        String lines = "SELECT e.scan_id, e.file_id, e.line, first(e.csv_line),"
                + " first(s.delimiter), first(s.quote), first(s.escape)"
                + " FROM " + SqlIdentifiers.quote(rejectsTable) + " e JOIN " + SqlIdentifiers.quote(rejectsScan)
                + " s USING (scan_id, file_id) GROUP BY e.scan_id, e.file_id, e.line HAVING bool_and(" + retyped + ")";
        record Dialect(String delimiter, String quote, String escape) {}
        Map<Dialect, Path> files = new LinkedHashMap<>();
        Map<Dialect, BufferedWriter> writers = new LinkedHashMap<>();
        try {
            database.forEach(context.context(), lines + " ORDER BY e.scan_id, e.file_id, e.line", List.of(), row -> {
                Dialect dialect = new Dialect((String) row.value(4), (String) row.value(5), (String) row.value(6));
                try {
                    BufferedWriter writer = writers.get(dialect);
                    if (writer == null) {
                        Path file = context.stagingDirectory().resolve("cast-rejects-" + context.source().name()
                                + "-" + files.size() + ".csv");
                        files.put(dialect, file);
                        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                        writers.put(dialect, writer);
                    }
                    writer.write(row.value(0) + dialect.delimiter() + row.value(1) + dialect.delimiter()
                            + row.value(2) + dialect.delimiter() + row.value(3) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (BufferedWriter writer : writers.values()) {
                writer.close();
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": cannot stage rejected lines: " + e, e);
        }
        if (files.isEmpty()) {
            return 0;
        }

        List<String[]> columns = database.select(context.context(), "SELECT column_name, data_type FROM"
                        + " information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                List.of(context.rawTable()), row -> new String[] {(String) row.value(0), (String) row.value(1)});
        Map<String, DeclaredColumn> declaredByRawName = new LinkedHashMap<>();
        StringBuilder types = new StringBuilder(SqlIdentifiers.literal(SCAN) + ": 'BIGINT', "
                + SqlIdentifiers.literal(FILE) + ": 'BIGINT', " + SqlIdentifiers.literal(LINE) + ": 'BIGINT'");
        for (String[] column : columns) {
            Optional<DeclaredColumn> declared = context.declared().stream()
                    .filter(c -> c.name().equalsIgnoreCase(column[0])).findFirst();
            declared.ifPresent(c -> declaredByRawName.put(column[0], c));
            types.append(", ").append(SqlIdentifiers.literal(column[0])).append(": ")
                    .append(SqlIdentifiers.literal(declared.isPresent() ? "VARCHAR" : column[1]));
        }
        String record = "json_object(" + columns.stream()
                .map(c -> SqlIdentifiers.literal(c[0]) + ", r." + SqlIdentifiers.quote(c[0]))
                .collect(Collectors.joining(", ")) + ")::VARCHAR";
        // should the reader reject a value that TRY_CAST accepts, the reader's own message is the reason
        String fallback = "(SELECT 'CSV line rejected in ' || s.file_path || ': ' || string_agg(e.error_type || ' ('"
                + " || e.error_message || ')', '; ') FROM " + SqlIdentifiers.quote(rejectsTable) + " e JOIN "
                + SqlIdentifiers.quote(rejectsScan) + " s USING (scan_id, file_id) WHERE e.scan_id = r." + SCAN
                + " AND e.file_id = r." + FILE + " AND e.line = r." + LINE + " GROUP BY s.file_path)";
        long quarantined = 0;
        for (Map.Entry<Dialect, Path> file : files.entrySet()) {
            Dialect dialect = file.getKey();
            quarantined += database.update(context.context(), "INSERT INTO "
                    + SqlIdentifiers.quote(EngineSession.QUARANTINE_RELATION) + " SELECT ?, coalesce("
                    + SourceTyping.reason(declaredByRawName) + ", " + fallback + "), ?, " + record + ", r." + LINE
                    + " FROM read_csv(?, header=false, auto_detect=false, delim=" + SqlIdentifiers.literal(dialect.delimiter())
                    + ", quote=" + SqlIdentifiers.literal(nullToEmpty(dialect.quote()))
                    + ", escape=" + SqlIdentifiers.literal(nullToEmpty(dialect.escape()))
                    + ", columns={" + types + "}) r ORDER BY r." + SCAN + ", r." + FILE + ", r." + LINE,
                    context.source().name(), context.runId(), file.getValue().toString());
        }
        return quarantined;
    }

    /** The scan table spells "no quote/escape character" {@code (empty)}. */
    private static String nullToEmpty(String text) {
        return text == null || text.equals("(empty)") ? "" : text;
    }
}
