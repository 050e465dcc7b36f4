package org.meshwork.engine.duckdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.Relation;

/**
 * Turns a staged raw table into the source's relation: declared columns are cast to their types, and rows where a
 * value does not cast or a {@code NOT NULL} column is NULL go to the quarantine, with one reason per failing column,
 * e.g. {@code column amount: 'abc' is not a valid DECIMAL(12,2); column order_id: NULL in a NOT NULL column}.
 */
final class SourceTyping {

    private static final int MAX_VALUE_CHARS = 100;

    private SourceTyping() {}

    static LoadResult apply(SourceContext context, StagedSource staged) {
        var database = context.database();
        String name = context.source().name();
        String raw = SqlIdentifiers.quote(staged.rawTable());
        List<String> rawColumns = database.select(context.context(),
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                List.of(staged.rawTable()), row -> (String) row.value(0));
        Map<String, DeclaredColumn> declaredByRawName = new LinkedHashMap<>();
        for (DeclaredColumn column : context.declared()) {
            String rawName = rawColumns.stream().filter(c -> c.equalsIgnoreCase(column.name())).findFirst()
                    .orElseThrow(() -> new MeshException(ErrorCode.RUN_FAILED, context.context() + ": declared column "
                            + column.name() + " is not in the source; its columns are " + visible(rawColumns, staged)));
            declaredByRawName.put(rawName, column);
        }
        List<String> dataColumns = visible(rawColumns, staged);
        if (declaredByRawName.isEmpty()) {
            return renameUnchecked(context, staged);
        }

        String reason = "NULLIF(concat_ws('; ', "
                + declaredByRawName.entrySet().stream().map(e -> reason(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + "), '')";
        String record = "json_object(" + dataColumns.stream()
                .map(c -> SqlIdentifiers.literal(c) + ", r." + SqlIdentifiers.quote(c))
                .collect(Collectors.joining(", ")) + ")::VARCHAR";
        String line = staged.lineColumn().map(c -> "r." + SqlIdentifiers.quote(c)).orElse("NULL");
        long quarantined = database.update(context.context(),
                "INSERT INTO " + SqlIdentifiers.quote(EngineSession.QUARANTINE_RELATION)
                        + " SELECT ?, reason, ?, record, line FROM (SELECT " + reason + " AS reason, " + record
                        + " AS record, " + line + " AS line FROM " + raw + " r) WHERE reason IS NOT NULL",
                name, context.runId());

        List<String> projection = new ArrayList<>();
        for (String column : dataColumns) {
            DeclaredColumn declared = declaredByRawName.get(column);
            String quoted = SqlIdentifiers.quote(column);
            projection.add(declared == null ? "r." + quoted
                    : "CAST(r." + quoted + " AS " + declared.type() + ") AS " + SqlIdentifiers.quote(declared.name()));
        }
        String table = SqlIdentifiers.quote(name);
        database.update(context.context(), "CREATE TABLE " + table + " AS SELECT " + String.join(", ", projection)
                + " FROM " + raw + " r WHERE " + reason + " IS NULL");
        for (DeclaredColumn column : context.declared()) {
            if (column.notNull()) {
                database.update(context.context(), "ALTER TABLE " + table + " ALTER COLUMN "
                        + SqlIdentifiers.quote(column.name()) + " SET NOT NULL");
            }
        }
        database.update(context.context(), "DROP TABLE " + raw);
        long loaded = database.count(context.context(), name);
        long rejected = staged.rejected() + quarantined;
        return new LoadResult(new Relation(name), loaded + rejected, loaded, rejected);
    }

    /** Without declared columns there is nothing to check: the raw table becomes the source's relation as it is. */
    private static LoadResult renameUnchecked(SourceContext context, StagedSource staged) {
        var database = context.database();
        String name = context.source().name();
        database.update(context.context(), "ALTER TABLE " + SqlIdentifiers.quote(staged.rawTable()) + " RENAME TO "
                + SqlIdentifiers.quote(name));
        if (staged.lineColumn().isPresent()) {
            database.update(context.context(), "ALTER TABLE " + SqlIdentifiers.quote(name) + " DROP COLUMN "
                    + SqlIdentifiers.quote(staged.lineColumn().get()));
        }
        long loaded = database.count(context.context(), name);
        return new LoadResult(new Relation(name), loaded + staged.rejected(), loaded, staged.rejected());
    }

    private static List<String> visible(List<String> rawColumns, StagedSource staged) {
        Optional<String> line = staged.lineColumn();
        return rawColumns.stream().filter(c -> line.map(l -> !l.equals(c)).orElse(true)).toList();
    }

    private static String reason(String rawName, DeclaredColumn column) {
        String value = "r." + SqlIdentifiers.quote(rawName);
        String prefix = "column " + column.name() + ": ";
        String notNull = column.notNull()
                ? " WHEN " + value + " IS NULL THEN " + SqlIdentifiers.literal(prefix + "NULL in a NOT NULL column") : "";
        return "CASE WHEN " + value + " IS NOT NULL AND TRY_CAST(" + value + " AS " + column.type() + ") IS NULL THEN "
                + SqlIdentifiers.literal(prefix + "'") + " || left(CAST(" + value + " AS VARCHAR), " + MAX_VALUE_CHARS
                + ") || " + SqlIdentifiers.literal("' is not a valid " + column.type()) + notNull + " END";
    }
}
