package org.meshwork.table.delta;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.meshwork.testing.table.ParquetFiles;

/** Parquet files written and read by an in-memory DuckDB, as the platform's engine does. */
final class DuckDbParquetFiles implements ParquetFiles {

    @Override
    public void write(String query, Path file) {
        execute("COPY (" + query + ") TO " + literal(file) + " (FORMAT parquet)");
    }

    @Override
    public List<List<String>> rows(List<Path> files) {
        return query("SELECT COLUMNS(*)::VARCHAR FROM " + readParquet(files) + " ORDER BY ALL");
    }

    /** The rows of a query, each value cast by the query itself or read as a string. */
    List<List<String>> query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on: " + sql, e);
        }
    }

    static String readParquet(List<Path> files) {
        return "read_parquet([" + files.stream().map(DuckDbParquetFiles::literal).collect(Collectors.joining(", "))
                + "])";
    }

    private void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on: " + sql, e);
        }
    }

    private static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
        }
        return connection;
    }

    private static String literal(Path file) {
        return "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
