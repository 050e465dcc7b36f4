package org.meshwork.engine.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
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
 * A DuckDB database holding only the reader's views. It is locked down before the reader's first statement:
 * {@code allowed_paths} lists exactly the snapshots' files (which the views read), {@code allowed_directories} only
 * the session's own export directory, {@code enable_external_access=false} refuses every other file, {@code ATTACH},
 * {@code INSTALL} and {@code LOAD}, and {@code lock_configuration=true} makes all of it permanent for the session.
 * Reader SQL passes the {@link SqlGuard} as well, so it can name nothing but the views.
 */
final class GovernedDuckDbSession implements GovernedSession {

    private final SessionDatabase database;
    private final Path workDirectory;
    private final Path exportDirectory;
    private final Map<ProductId, Map<String, String>> visibleColumns;
    private final SqlGuard guard;
    private final AtomicLong exports = new AtomicLong();

    private GovernedDuckDbSession(SessionDatabase database, Path workDirectory, Path exportDirectory,
            Map<ProductId, Map<String, String>> visibleColumns, SqlGuard guard) {
        this.database = database;
        this.workDirectory = workDirectory;
        this.exportDirectory = exportDirectory;
        this.visibleColumns = visibleColumns;
        this.guard = guard;
    }

    static GovernedDuckDbSession open(SessionOptions options, String maskSalt, List<GovernedView> views, SqlGuard guard) {
        GovernedSql.requireSalt(maskSalt);
        Set<ProductId> distinct = views.stream().map(GovernedView::product).collect(Collectors.toSet());
        InvalidArgumentException.check(distinct.size() == views.size(), "a product is given twice");
        Path workDirectory;
        try {
            workDirectory = options.tempDirectory().isPresent()
                    ? Files.createTempDirectory(Files.createDirectories(options.tempDirectory().get()), "duckdb-read-")
                    : Files.createTempDirectory("meshwork-duckdb-read-");
        } catch (IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "cannot create the engine's temporary directory: " + e, e);
        }
        Path exportDirectory = workDirectory.resolve("export");
        SessionDatabase database = null;
        try {
            Files.createDirectories(exportDirectory);
            Properties config = new Properties();
            config.setProperty("temp_directory", workDirectory.resolve("spill").toString());
            config.setProperty("autoinstall_known_extensions", "false");
            config.setProperty("autoload_known_extensions", "false");
            config.setProperty("jdbc_stream_results", "true");
            options.memoryLimit().ifPresent(limit -> config.setProperty("memory_limit", limit.trim()));
            options.threads().ifPresent(threads -> config.setProperty("threads", Integer.toString(threads)));
            database = new SessionDatabase(DriverManager.getConnection("jdbc:duckdb:", config));
            for (GovernedView view : views) {
                database.update("create the view of " + view.product(), GovernedSql.createView(view, maskSalt));
            }
            // SET takes no parameters: the paths are quoted literals
            List<Path> files = GovernedSql.files(views);
            database.update("restrict file access", "SET allowed_paths = [" + files.stream()
                    .map(file -> SqlIdentifiers.literal(file.toString())).collect(Collectors.joining(", ")) + "]");
            database.update("restrict file access", "SET allowed_directories = ["
                    + SqlIdentifiers.literal(exportDirectory.toAbsolutePath() + "/") + "]");
            database.update("restrict file access", "SET enable_external_access = false");
            database.update("restrict file access", "SET lock_configuration = true");
            Map<ProductId, Map<String, String>> visible = new LinkedHashMap<>();
            for (GovernedView view : views) {
                Map<String, String> columns = new LinkedHashMap<>();
                database.select("describe " + view.product(), "SELECT column_name, data_type FROM"
                        + " information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                        List.of(view.product().toString()), row -> columns.put((String) row.value(0), (String) row.value(1)));
                visible.put(view.product(), columns);
            }
            return new GovernedDuckDbSession(database, workDirectory, exportDirectory, visible, guard);
        } catch (SQLException | IOException | RuntimeException e) {
            if (database != null) {
                database.close();
            }
            deleteRecursively(workDirectory);
            if (e instanceof MeshException mesh) {
                throw mesh;
            }
            throw new MeshException(ErrorCode.INTERNAL, "cannot start the read session: " + e.getMessage(), e);
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
        Path file = exportDirectory.resolve("result-" + exports.incrementAndGet() + ".parquet").toAbsolutePath();
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

    private void requireCastable(String value, String type, String column) {
        Boolean fits = database.select("check a filter value", "SELECT TRY_CAST(? AS " + type + ") IS NOT NULL",
                List.of(value), row -> (Boolean) row.value(0)).get(0);
        InvalidArgumentException.check(Boolean.TRUE.equals(fits), "filter: '%s' is not a %s value for column '%s'",
                value, type, column);
    }

    @Override
    public void cancel() {
        database.cancel();
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a leftover temporary file is not worth failing a read for
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
