package org.meshwork.engine.duckdb;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.Row;
import org.meshwork.api.engine.RowMapper;

/**
 * The session's DuckDB connection. Every statement is a fresh {@link PreparedStatement} (DuckDB 2.0 closes a statement
 * whose execution failed), registered while it runs so {@link #cancel()} can interrupt it from another thread.
 */
final class SessionDatabase implements AutoCloseable {

    private final DuckDBConnection connection;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private final AtomicLong statementsRun = new AtomicLong();

    SessionDatabase(Connection connection) throws SQLException {
        this.connection = connection.unwrap(DuckDBConnection.class);
    }

    /** A new connection to the same database (its views, settings and locks), for another reader. */
    java.sql.Connection duplicate() throws SQLException {
        return connection.duplicate();
    }

    /** Runs a statement; returns the number of rows it changed (0 for DDL). {@code context} starts error messages. */
    long update(String context, String sql, Object... parameters) {
        return run(context, sql, List.of(parameters), statement -> {
            statement.execute();
            long count = statement.getLargeUpdateCount();
            return Math.max(count, 0);
        });
    }

    <T> List<T> select(String context, String sql, List<Object> parameters, RowMapper<T> mapper) {
        return run(context, sql, parameters, statement -> {
            List<T> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData metadata = resultSet.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    columns.add(metadata.getColumnLabel(i));
                }
                while (resultSet.next()) {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        values.add(plain(resultSet.getObject(i)));
                    }
                    rows.add(mapper.map(new Row(columns, values)));
                }
            }
            return rows;
        });
    }

    /** Runs a query and hands each row to {@code consumer} as it is read, without collecting them. */
    void forEach(String context, String sql, List<Object> parameters, java.util.function.Consumer<Row> consumer) {
        run(context, sql, parameters, statement -> {
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData metadata = resultSet.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    columns.add(metadata.getColumnLabel(i));
                }
                while (resultSet.next()) {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        values.add(plain(resultSet.getObject(i)));
                    }
                    consumer.accept(new Row(columns, values));
                }
            }
            return null;
        });
    }

    long count(String context, String relation) {
        return select(context, "SELECT count(*) FROM " + SqlIdentifiers.quote(relation), List.of(),
                row -> ((Number) row.value(0)).longValue()).get(0);
    }

    /**
     * Prepares a statement, binds its parameters and registers it for {@link #cancel()}; the caller runs it, and the
     * returned handle's {@code close} unregisters and closes it. For results read row by row while they are produced.
     */
    PreparedStatement prepare(String context, String sql, List<Object> parameters) {
        checkNotCancelled();
        statementsRun.incrementAndGet();
        try {
            PreparedStatement statement = connection.prepareStatement(sql);
            try {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, bindable(parameters.get(i)));
                }
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
            running.add(statement);
            return statement;
        } catch (SQLException e) {
            throw failure(context, e);
        }
    }

    /** Unregisters and closes a statement of {@link #prepare}. */
    void release(Statement statement) {
        running.remove(statement);
        try {
            statement.close();
        } catch (SQLException e) {
            // closing a finished or failed statement: nothing left to release
        }
    }

    /** An appender on a table of the session; the caller closes it. */
    DuckDBAppender appender(String context, String table) {
        checkNotCancelled();
        try {
            return connection.createAppender(table);
        } catch (SQLException e) {
            throw failure(context, e);
        }
    }

    /**
     * Registers a statement of another database (a JDBC source) so that {@link #cancel()} interrupts it too; running
     * the returned action unregisters it.
     */
    Runnable track(Statement statement) {
        checkNotCancelled();
        running.add(statement);
        return () -> running.remove(statement);
    }

    void cancel() {
        cancelled = true;
        for (Statement statement : running) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the statement finished or closed meanwhile: nothing left to interrupt
            }
        }
    }

    /** How many statements this database has run, so tests can show that checks compile into one scan. */
    long statementsRun() {
        return statementsRun.get();
    }

    boolean isCancelled() {
        return cancelled;
    }

    void checkNotCancelled() {
        if (cancelled) {
            throw new QueryCancelledException("the session was cancelled", null);
        }
    }

    /** Translates a DuckDB failure into the SPI's exceptions. */
    MeshException failure(String context, SQLException e) {
        if (cancelled || String.valueOf(e.getMessage()).contains("INTERRUPT")) {
            return new QueryCancelledException(context + ": cancelled", e);
        }
        return new MeshException(ErrorCode.RUN_FAILED, context + ": " + firstLine(e.getMessage()), e);
    }

    @Override
    public void close() {
        cancel();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new MeshException(ErrorCode.INTERNAL, "could not close the DuckDB session: " + e.getMessage(), e);
        }
    }

    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String context, String sql, List<Object> parameters, StatementWork<T> work) {
        checkNotCancelled();
        statementsRun.incrementAndGet();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, bindable(parameters.get(i)));
            }
            running.add(statement);
            try {
                return work.run(statement);
            } finally {
                running.remove(statement);
            }
        } catch (SQLException e) {
            throw failure(context, e);
        }
    }

    private static Object bindable(Object value) {
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return value;
    }

    /** JDBC and DuckDB result types to the plain Java types {@link Row} promises. */
    static Object plain(Object value) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Array array) {
            List<Object> items = new ArrayList<>();
            for (Object item : (Object[]) array.getArray()) {
                items.add(plain(item));
            }
            return items;
        }
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (struct instanceof org.duckdb.DuckDBStruct duckStruct) {
                for (Map.Entry<String, Object> field : duckStruct.getMap().entrySet()) {
                    fields.put(field.getKey(), plain(field.getValue()));
                }
                return fields;
            }
            return Arrays.asList(struct.getAttributes());
        }
        if (value instanceof java.sql.Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entries.put(plain(entry.getKey()), plain(entry.getValue()));
            }
            return entries;
        }
        if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean
                || value instanceof java.time.temporal.Temporal || value instanceof byte[]) {
            return value;
        }
        // JSON values, UUIDs, intervals and other engine types: their text
        return value.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
