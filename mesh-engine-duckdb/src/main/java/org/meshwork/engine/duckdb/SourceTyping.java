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
    private static final String CHECKED_PREFIX = "_checked_";
    // helper columns of the checked table, dropped before it becomes the source's relation
    private static final String REASON_COLUMN = "\"__meshwork_reason\"";
    private static final String RECORD_COLUMN = "\"__meshwork_record\"";
    private static final String LINE_COLUMN = "\"__meshwork_line\"";

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

        if (staged.typed()) {
            return checkNotNull(context, staged, declaredByRawName, dataColumns);
        }

        String reason = reason(declaredByRawName);
        String record = "json_object(" + dataColumns.stream()
                .map(c -> SqlIdentifiers.literal(c) + ", r." + SqlIdentifiers.quote(c))
                .collect(Collectors.joining(", ")) + ")::VARCHAR";
        String line = staged.lineColumn().map(c -> "r." + SqlIdentifiers.quote(c)).orElse("CAST(NULL AS BIGINT)");

        // One pass over the raw rows: typed values, and for a bad row its reason and raw record, side by side. Good
        // rows cast without error, so TRY_CAST gives them the same values CAST would; bad rows are deleted below.
        List<String> projection = new ArrayList<>();
        for (String column : dataColumns) {
            DeclaredColumn declared = declaredByRawName.get(column);
            String quoted = SqlIdentifiers.quote(column);
            projection.add(declared == null ? "r." + quoted
                    : "TRY_CAST(r." + quoted + " AS " + declared.type() + ") AS " + SqlIdentifiers.quote(declared.name()));
        }
        String checked = SqlIdentifiers.quote(CHECKED_PREFIX + name);
        database.update(context.context(), "CREATE TABLE " + checked + " AS SELECT " + String.join(", ", projection)
                + ", " + REASON_COLUMN + ", CASE WHEN " + REASON_COLUMN + " IS NOT NULL THEN " + record + " END AS "
                + RECORD_COLUMN + ", CASE WHEN " + REASON_COLUMN + " IS NOT NULL THEN " + line + " END AS " + LINE_COLUMN
                + " FROM (SELECT r.*, " + reason + " AS " + REASON_COLUMN + " FROM " + raw + " r) r");
        database.update(context.context(), "DROP TABLE " + raw);
        long quarantined = database.update(context.context(),
                "INSERT INTO " + SqlIdentifiers.quote(EngineSession.QUARANTINE_RELATION) + " SELECT ?, " + REASON_COLUMN
                        + ", ?, " + RECORD_COLUMN + ", " + LINE_COLUMN + " FROM " + checked + " WHERE " + REASON_COLUMN
                        + " IS NOT NULL", name, context.runId());
        if (quarantined > 0) {
            database.update(context.context(), "DELETE FROM " + checked + " WHERE " + REASON_COLUMN + " IS NOT NULL");
        }
        for (String helper : List.of(REASON_COLUMN, RECORD_COLUMN, LINE_COLUMN)) {
            database.update(context.context(), "ALTER TABLE " + checked + " DROP COLUMN " + helper);
        }
        String table = SqlIdentifiers.quote(name);
        database.update(context.context(), "ALTER TABLE " + checked + " RENAME TO " + table);
        for (DeclaredColumn column : context.declared()) {
            if (column.notNull()) {
                database.update(context.context(), "ALTER TABLE " + table + " ALTER COLUMN "
                        + SqlIdentifiers.quote(column.name()) + " SET NOT NULL");
            }
        }
        long loaded = database.count(context.context(), name);
        long rejected = staged.rejected() + quarantined;
        return new LoadResult(new Relation(name), loaded + rejected, loaded, rejected);
    }

    /**
     * The reader already gave the declared columns their types and quarantined the values that did not cast: the
     * table becomes the source's relation, declared columns spelled as declared, and one filtered pass moves the rows
     * with a NULL in a {@code NOT NULL} column to the quarantine (with the reasons and the JSON record the staged path
     * gives them; the values of declared columns are the typed values as text).
     */
    private static LoadResult checkNotNull(SourceContext context, StagedSource staged,
            Map<String, DeclaredColumn> declaredByRawName, List<String> dataColumns) {
        var database = context.database();
        String name = context.source().name();
        String table = SqlIdentifiers.quote(name);
        database.update(context.context(), "ALTER TABLE " + SqlIdentifiers.quote(staged.rawTable()) + " RENAME TO "
                + table);
        List<String> columns = new ArrayList<>();
        for (String column : dataColumns) {
            DeclaredColumn declared = declaredByRawName.get(column);
            if (declared != null && !declared.name().equals(column)) {
                database.update(context.context(), "ALTER TABLE " + table + " RENAME COLUMN "
                        + SqlIdentifiers.quote(column) + " TO " + SqlIdentifiers.quote(declared.name()));
            }
            columns.add(declared == null ? column : declared.name());
        }
        List<DeclaredColumn> notNull = context.declared().stream().filter(DeclaredColumn::notNull).toList();
        long quarantined = 0;
        if (!notNull.isEmpty()) {
            String anyNull = notNull.stream().map(c -> SqlIdentifiers.quote(c.name()) + " IS NULL")
                    .collect(Collectors.joining(" OR "));
            String reason = "concat_ws('; ', " + notNull.stream()
                    .map(c -> "CASE WHEN " + SqlIdentifiers.quote(c.name()) + " IS NULL THEN "
                            + SqlIdentifiers.literal("column " + c.name() + ": NULL in a NOT NULL column") + " END")
                    .collect(Collectors.joining(", ")) + ")";
            String record = "json_object(" + columns.stream()
                    .map(c -> SqlIdentifiers.literal(c) + ", " + (context.isDeclared(c)
                            ? "CAST(" + SqlIdentifiers.quote(c) + " AS VARCHAR)" : SqlIdentifiers.quote(c)))
                    .collect(Collectors.joining(", ")) + ")::VARCHAR";
            quarantined = database.update(context.context(), "INSERT INTO "
                    + SqlIdentifiers.quote(EngineSession.QUARANTINE_RELATION) + " SELECT ?, " + reason + ", ?, " + record
                    + ", CAST(NULL AS BIGINT) FROM " + table + " WHERE " + anyNull, name, context.runId());
            if (quarantined > 0) {
                database.update(context.context(), "DELETE FROM " + table + " WHERE " + anyNull);
            }
            for (DeclaredColumn column : notNull) {
                database.update(context.context(), "ALTER TABLE " + table + " ALTER COLUMN "
                        + SqlIdentifiers.quote(column.name()) + " SET NOT NULL");
            }
        }
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

    /**
     * The reason a row of raw (VARCHAR) values, aliased {@code r}, is quarantined: every declared column that does not
     * cast or is NULL though {@code NOT NULL}, joined with {@code ; }; NULL for a good row.
     */
    static String reason(Map<String, DeclaredColumn> declaredByRawName) {
        return "NULLIF(concat_ws('; ', "
                + declaredByRawName.entrySet().stream().map(e -> reason(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")) + "), '')";
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
