package org.meshwork.engine.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.engine.EngineSession;

/**
 * CSV files (a path or a glob) through DuckDB's {@code read_csv} with its sniffer on. Declared columns are read as
 * VARCHAR so that type checks happen in one place ({@link SourceTyping}) with readable reasons; lines that cannot be
 * split into the right number of columns are captured with {@code store_rejects} and quarantined with their line
 * number and raw text.
 */
final class CsvSourceReader implements SourceReader {

    private static final Set<String> OPTIONS =
            Set.of("delimiter", "header", "quote", "escape", "date_format", "timestamp_format", "skip");

    @Override
    public StagedSource read(SourceContext context) {
        var source = context.source();
        String path = source.path().orElseThrow(() -> new InvalidArgumentException(
                "source " + source.name() + ": a csv source needs a path"));
        SourceOptions options = new SourceOptions(source.name(), source.options(), OPTIONS);
        String rejectsTable = "_rejects_" + source.name();
        String rejectsScan = "_rejects_scan_" + source.name();

        List<String> arguments = new ArrayList<>();
        arguments.add("?");
        if (!context.declared().isEmpty()) {
            arguments.add("types={" + context.declared().stream()
                    .map(column -> SqlIdentifiers.literal(column.name()) + ": 'VARCHAR'")
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
        long rejected = database.update(context.context(),
                "INSERT INTO " + SqlIdentifiers.quote(EngineSession.QUARANTINE_RELATION)
                        + " SELECT ?, 'CSV line rejected in ' || s.file_path || ': '"
                        + " || string_agg(e.error_type || ' (' || e.error_message || ')', '; '), ?,"
                        + " first(e.csv_line), e.line"
                        + " FROM " + SqlIdentifiers.quote(rejectsTable) + " e"
                        + " JOIN " + SqlIdentifiers.quote(rejectsScan) + " s USING (scan_id, file_id)"
                        + " GROUP BY s.file_path, e.line ORDER BY s.file_path, e.line",
                source.name(), context.runId());
        database.update(context.context(), "DROP TABLE " + SqlIdentifiers.quote(rejectsTable));
        database.update(context.context(), "DROP TABLE " + SqlIdentifiers.quote(rejectsScan));
        return new StagedSource(context.rawTable(), rejected, java.util.Optional.empty());
    }
}
