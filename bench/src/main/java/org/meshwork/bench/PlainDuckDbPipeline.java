package org.meshwork.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The baseline: the benchmark's transform in plain DuckDB, one {@code COPY (...) TO ... (FORMAT parquet)} over
 * typed {@code read_csv} calls, with the engine settings and Parquet options {@code mesh run} uses. It runs as its own
 * JVM so that it is measured exactly like the {@code mesh} process: wall time from spawn to exit, peak RSS.
 *
 * <p>Arguments: {@code ORDERS_CSV PRODUCTS_CSV OUTPUT_DIR MEMORY_LIMIT THREADS TEMP_DIR}; prints the rows written.
 */
public final class PlainDuckDbPipeline {

    private PlainDuckDbPipeline() {}

    public static void main(String[] args) throws SQLException {
        if (args.length != 6) {
            System.err.println("usage: PlainDuckDbPipeline ORDERS_CSV PRODUCTS_CSV OUTPUT_DIR MEMORY_LIMIT THREADS TEMP_DIR");
            System.exit(2);
        }
        long rows = run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), args[3], Integer.parseInt(args[4]),
                Path.of(args[5]));
        System.out.println(rows);
    }

    static long run(Path orders, Path products, Path output, String memoryLimit, int threads, Path temp)
            throws SQLException {
        Properties config = new Properties();
        config.setProperty("memory_limit", memoryLimit);
        config.setProperty("threads", Integer.toString(threads));
        config.setProperty("temp_directory", temp.toAbsolutePath().toString());
        config.setProperty("preserve_insertion_order", "false");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", config);
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (WITH "
                    + OrdersDataset.ORDERS + " AS (SELECT * FROM "
                    + OrdersDataset.readCsv(orders, OrdersDataset.ORDER_COLUMNS) + "), "
                    + OrdersDataset.PRODUCTS + " AS (SELECT * FROM "
                    + OrdersDataset.readCsv(products, OrdersDataset.PRODUCT_COLUMNS) + ")\n"
                    + OrdersDataset.TRANSFORM_SQL + ") TO " + OrdersDataset.literal(output)
                    + " (FORMAT parquet, FILE_SIZE_BYTES 134217728, ROW_GROUP_SIZE 122880, COMPRESSION zstd,"
                    + " FILENAME_PATTERN 'part-{uuid}')");
            return statement.getLargeUpdateCount();
        }
    }
}
