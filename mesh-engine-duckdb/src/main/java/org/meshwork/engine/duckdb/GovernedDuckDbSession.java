package org.meshwork.engine.duckdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.engine.ExportedFile;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.Ordering;
import org.meshwork.api.engine.ProductRead;
import org.meshwork.api.engine.ResultCursor;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;

/**
 * A reader's connection to a {@link GovernedDatabase}, a DuckDB database holding only the reader's views. The database
 * is locked down before the reader's first statement: {@code allowed_paths} lists exactly the snapshots' files (which
 * the views read), {@code allowed_directories} only the database's own export directory,
 * {@code enable_external_access=false} refuses every other file, {@code ATTACH}, {@code INSTALL} and {@code LOAD}, and
 * {@code lock_configuration=true} makes all of it permanent. Reader SQL passes the {@link SqlGuard} as well, so it can
 * name nothing but the views. The database is either the session's own ({@link #open}) or one of the
 * {@link GovernedSessionPool}'s, shared only with reads of the identical {@link GovernedRecipe}.
 */
final class GovernedDuckDbSession implements GovernedSession {

    private final GovernedDatabase shared;
    private final SessionDatabase database;
    private final Map<ProductId, Map<String, String>> visibleColumns;
    private final SqlGuard guard;
    private final Runnable release;
    private boolean closed;

    /**
     * A reader's session on {@code shared}: a connection of its own (so {@link #cancel()} stops only this reader's
     * statements); {@code release} runs once when the session closes.
     */
    GovernedDuckDbSession(GovernedDatabase shared, SqlGuard guard, Runnable release) {
        this.shared = shared;
        this.database = shared.connect();
        this.visibleColumns = shared.visibleColumns();
        this.guard = guard;
        this.release = release;
    }

    /** A session on a database of its own, closed with the session. */
    static GovernedDuckDbSession open(SessionOptions options, String maskSalt, List<GovernedView> views, SqlGuard guard) {
        GovernedDatabase database = GovernedDatabase.create(GovernedRecipe.of(options, maskSalt, views), false);
        try {
            return new GovernedDuckDbSession(database, guard, database::close);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The columns a product shows in this session, with their types. */
    Map<String, String> columns(ProductId product) {
        Map<String, String> columns = visibleColumns.get(product);
        InvalidArgumentException.check(columns != null, "%s is not readable in this session", product);
        return columns;
    }

    @Override
    public ResultCursor read(ProductRead read) {
        Statement statement = compile(read);
        return DuckDbResultCursor.open(database, "read " + read.product(), statement.sql(), statement.parameters());
    }

    @Override
    public ResultCursor query(String sql, long rowLimit) {
        Statement statement = compile(sql, rowLimit);
        return DuckDbResultCursor.open(database, "query", statement.sql(), statement.parameters());
    }

    @Override
    public ExportedFile exportParquet(ProductRead read) {
        return export(compile(read), "read " + read.product());
    }

    @Override
    public ExportedFile exportParquet(String sql, long rowLimit) {
        return export(compile(sql, rowLimit), "query");
    }

    private ExportedFile export(Statement statement, String context) {
        Path file = shared.nextExportFile();
        long rows = database.update(context, "COPY (" + statement.sql() + ") TO " + SqlIdentifiers.literal(file.toString())
                + " (FORMAT parquet)", statement.parameters().toArray());
        return new ExportedFile(file, rows);
    }

    private record Statement(String sql, List<Object> parameters) {}

    Statement compile(String sql, long rowLimit) {
        InvalidArgumentException.check(rowLimit >= 0, "row limit must not be negative");
        Set<ProductId> products = guard.productsOf(sql);
        for (ProductId product : products) {
            InvalidArgumentException.check(visibleColumns.containsKey(product), "sql: %s is not readable in this session",
                    product);
        }
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        // the line breaks end a trailing '--' comment; the parentheses make any second statement a syntax error
        return new Statement("SELECT * FROM (\n" + text + "\n) LIMIT ?", List.of(rowLimit));
    }

    Statement compile(ProductRead read) {
        Map<String, String> columns = columns(read.product());
        String readable = String.join(", ", columns.keySet());
        List<String> select = read.select().isEmpty() ? List.copyOf(columns.keySet()) : read.select();
        for (String column : select) {
            InvalidArgumentException.check(columns.containsKey(column),
                    "select: '%s' is not a column of %s you can read (columns: %s)", SqlGuard.printable(column),
                    read.product(), readable);
        }
        List<Object> parameters = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (Predicate predicate : read.filters()) {
            String type = columns.get(predicate.column());
            InvalidArgumentException.check(type != null, "filter: '%s' is not a column of %s you can read (columns: %s)",
                    SqlGuard.printable(predicate.column()), read.product(), readable);
            boolean like = predicate.operator() == Operator.LIKE || predicate.operator() == Operator.ILIKE;
            if (!like && predicate.operator().arity() != 0) {
                String checked = GovernedSql.requireScalarType(type, predicate.column());
                for (String value : predicate.values()) {
                    requireCastable(value, checked, predicate.column());
                }
            }
            conditions.add(GovernedSql.condition(predicate, value -> {
                parameters.add(value);
                return "CAST(? AS " + type.trim() + ")";
            }, value -> {
                parameters.add(value);
                return "?";
            }));
        }
        List<String> order = new ArrayList<>();
        for (Ordering key : read.order()) {
            InvalidArgumentException.check(columns.containsKey(key.column()),
                    "order: '%s' is not a column of %s you can read (columns: %s)", SqlGuard.printable(key.column()),
                    read.product(), readable);
            order.add(SqlIdentifiers.quote(key.column()) + (key.descending() ? " DESC" : " ASC")
                    + (key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"));
        }
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(select.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", ")))
                .append(" FROM ").append(SqlIdentifiers.quote(read.product().toString()));
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(conditions.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" AND ")));
        }
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        sql.append(" LIMIT ? OFFSET ?");
        parameters.add(read.limit());
        parameters.add(read.offset());
        return new Statement(sql.toString(), parameters);
    }

    /** Decided in Java where the answer is certain ({@link FilterValueCast}); otherwise DuckDB's own TRY_CAST tells. */
    private void requireCastable(String value, String type, String column) {
        FilterValueCast.Verdict verdict = FilterValueCast.of(value, type);
        boolean fits = verdict == FilterValueCast.Verdict.ASK_ENGINE
                ? Boolean.TRUE.equals(database.select("check a filter value",
                        "SELECT TRY_CAST(? AS " + type + ") IS NOT NULL", List.of(value), row -> (Boolean) row.value(0))
                        .get(0))
                : verdict == FilterValueCast.Verdict.CASTS;
        InvalidArgumentException.check(fits, "filter: '%s' is not a %s value for column '%s'", value, type, column);
    }

    @Override
    public void cancel() {
        database.cancel();
    }

    /** Runs a statement on this session's connection as it is, bypassing the guard: for tests of the lock-down. */
    <T> List<T> selectUnguarded(String sql, org.meshwork.api.engine.RowMapper<T> mapper) {
        return database.select("unguarded", sql, List.of(), mapper);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            database.close();
        } finally {
            release.run();
        }
    }
}
