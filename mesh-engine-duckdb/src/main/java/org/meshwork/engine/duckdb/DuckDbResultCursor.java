package org.meshwork.engine.duckdb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.meshwork.api.engine.ResultCursor;
import org.meshwork.api.table.TableColumn;

/**
 * Rows of a DuckDB query read as they are produced: the connection streams results ({@code jdbc_stream_results}), so
 * only the current chunk is held, never the whole result.
 */
final class DuckDbResultCursor implements ResultCursor {

    private final SessionDatabase database;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final List<TableColumn> columns;
    private final String context;
    private boolean closed;

    private DuckDbResultCursor(SessionDatabase database, PreparedStatement statement, ResultSet resultSet,
            List<TableColumn> columns, String context) {
        this.database = database;
        this.statement = statement;
        this.resultSet = resultSet;
        this.columns = columns;
        this.context = context;
    }

    static DuckDbResultCursor open(SessionDatabase database, String context, String sql, List<Object> parameters) {
        PreparedStatement statement = database.prepare(context, sql, parameters);
        try {
            ResultSet resultSet = statement.executeQuery();
            ResultSetMetaData metadata = resultSet.getMetaData();
            List<TableColumn> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(new TableColumn(metadata.getColumnLabel(i), metadata.getColumnTypeName(i), true));
            }
            return new DuckDbResultCursor(database, statement, resultSet, List.copyOf(columns), context);
        } catch (SQLException e) {
            database.release(statement);
            throw database.failure(context, e);
        }
    }

    @Override
    public List<TableColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        database.checkNotCancelled();
        try {
            return resultSet.next();
        } catch (SQLException e) {
            throw database.failure(context, e);
        }
    }

    @Override
    public Object value(int index) {
        try {
            return SessionDatabase.plain(resultSet.getObject(index + 1));
        } catch (SQLException e) {
            throw database.failure(context, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resultSet.close();
        } catch (SQLException e) {
            // the result ended or failed: nothing left to release
        }
        database.release(statement);
    }
}
