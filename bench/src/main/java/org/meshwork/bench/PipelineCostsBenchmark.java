package org.meshwork.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where the engine side of a run's time goes, step by step, in one DuckDB session on the pipeline benchmark's data:
 * the platform's steps (typed CSV into a table, the NOT NULL pass, the transform streamed from that table into
 * Parquet) against the plain one-statement pipeline (CSV → transform → Parquet), and the Parquet writer's settings
 * (codec, row group size) on the same result. Each variant runs {@code --repeat} times (default 2), interleaved;
 * medians of process CPU time (all DuckDB threads) and wall time are printed with their ratio to the plain pipeline.
 * CPU time is the steadier figure on a shared machine.
 *
 * <p>Usage: {@code PipelineCostsBenchmark --data DIR [--threads N] [--memory-limit SIZE] [--repeat N]}; DIR holds the
 * {@code orders.csv} and {@code products.csv} of {@code bench/pipeline.sh} (bench/out/pipeline/data).
 */
public final class PipelineCostsBenchmark {

    /** Bytes written by each COPY variant. */
    private static final Map<String, Long> sizes = new LinkedHashMap<>();

    private PipelineCostsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of("bench/out/pipeline/data");
        int threads = Runtime.getRuntime().availableProcessors();
        String memoryLimit = "4GB";
        int repeat = 2;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--memory-limit" -> memoryLimit = args[i + 1];
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path orders = data.resolve("orders.csv").toAbsolutePath();
        Path products = data.resolve("products.csv").toAbsolutePath();
        if (!Files.isRegularFile(orders)) {
            throw new IllegalArgumentException("no " + orders + ": run bench/pipeline.sh first");
        }
        Path out = Files.createDirectories(data.resolveSibling("costs"));
        Properties config = new Properties();
        config.setProperty("memory_limit", memoryLimit);
        config.setProperty("threads", Integer.toString(threads));
        config.setProperty("temp_directory", out.resolve("tmp").toString());
        config.setProperty("preserve_insertion_order", "false");

        String readOrders = OrdersDataset.readCsv(orders, OrdersDataset.ORDER_COLUMNS);
        String readProducts = OrdersDataset.readCsv(products, OrdersDataset.PRODUCT_COLUMNS);
        String notNull = OrdersDataset.ORDER_COLUMNS.entrySet().stream().filter(e -> e.getValue().endsWith("NOT NULL"))
                .map(e -> e.getKey() + " IS NULL").collect(Collectors.joining(" OR "));
        String parquet = " (FORMAT parquet, FILE_SIZE_BYTES 134217728, ROW_GROUP_SIZE %d, COMPRESSION %s,"
                + " FILENAME_PATTERN 'part-{uuid}', APPEND true)";
        String defaults = parquet.formatted(122_880, "zstd");

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("plain: CSV → transform → Parquet (one COPY)", List.of("COPY (WITH orders AS (SELECT * FROM "
                + readOrders + "), products AS (SELECT * FROM " + readProducts + ")\n" + OrdersDataset.TRANSFORM_SQL
                + ") TO '%OUT%'" + defaults));
        variants.put("load: typed CSV → table", List.of("CREATE OR REPLACE TABLE orders AS SELECT * FROM " + readOrders,
                "CREATE OR REPLACE TABLE products AS SELECT * FROM " + readProducts));
        variants.put("load: NOT NULL pass (count of bad rows)", List.of("SELECT count(*) FROM orders WHERE " + notNull));
        variants.put("load: SET NOT NULL on 4 columns", OrdersDataset.ORDER_COLUMNS.entrySet().stream()
                .filter(e -> e.getValue().endsWith("NOT NULL"))
                .flatMap(e -> List.of("ALTER TABLE orders ALTER COLUMN " + e.getKey() + " SET NOT NULL",
                        "ALTER TABLE orders ALTER COLUMN " + e.getKey() + " DROP NOT NULL").stream()).toList());
        variants.put("stream: table → transform → Parquet", List.of("COPY (" + OrdersDataset.TRANSFORM_SQL + ") TO '%OUT%'"
                + defaults));
        variants.put("materialise: transform → _result table", List.of("CREATE OR REPLACE TABLE _result AS "
                + OrdersDataset.TRANSFORM_SQL));
        variants.put("write: _result → Parquet, zstd, 122,880 rows/group", List.of("COPY _result TO '%OUT%'" + defaults));
        variants.put("write: _result → Parquet, snappy", List.of("COPY _result TO '%OUT%'" + parquet.formatted(122_880, "snappy")));
        variants.put("write: _result → Parquet, uncompressed", List.of("COPY _result TO '%OUT%'"
                + parquet.formatted(122_880, "uncompressed")));
        variants.put("write: _result → Parquet, zstd, 1,048,576 rows/group", List.of("COPY _result TO '%OUT%'"
                + parquet.formatted(1_048_576, "zstd")));
        variants.put("check: NOT NULL counts over the written files", List.of("SELECT count(*) FILTER (WHERE order_id IS NULL),"
                + " count(*) FILTER (WHERE customer_id IS NULL), count(*) FILTER (WHERE product_id IS NULL),"
                + " count(*) FILTER (WHERE order_ts IS NULL) FROM read_parquet('%LAST%/*.parquet')"));

        Map<String, List<long[]>> measured = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", config);
                Statement statement = connection.createStatement()) {
            int output = 0;
            String last = "";
            for (int round = 0; round < repeat; round++) {
                for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                    String target = out.resolve("out-" + (output++)).toString();
                    long cpu = processCpuMillis();
                    long started = System.nanoTime();
                    for (String sql : variant.getValue()) {
                        statement.execute(sql.replace("%OUT%", target).replace("%LAST%", last));
                    }
                    long wall = (System.nanoTime() - started) / 1_000_000;
                    measured.computeIfAbsent(variant.getKey(), k -> new ArrayList<>())
                            .add(new long[] {processCpuMillis() - cpu, wall});
                    if (variant.getValue().get(0).startsWith("COPY")) {
                        long bytes = 0;
                        try (var files = Files.list(Path.of(target))) {
                            for (Path file : files.toList()) {
                                bytes += Files.size(file);
                            }
                        }
                        sizes.put(variant.getKey(), bytes);
                        last = target;
                    }
                }
            }
        }
        long[] plain = median(measured.values().iterator().next());
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %8s %10s%n", "step (medians of " + repeat + ")", "CPU", "wall",
                "CPU/plain", "output");
        for (Map.Entry<String, List<long[]>> entry : measured.entrySet()) {
            long[] m = median(entry.getValue());
            System.out.printf(Locale.ROOT, "%-52s %8.2f s %8.2f s %7.2f× %10s%n", entry.getKey(), m[0] / 1000.0,
                    m[1] / 1000.0, (double) m[0] / plain[0],
                    sizes.containsKey(entry.getKey()) ? PipelineBenchmark.bytes(sizes.get(entry.getKey())) : "");
        }
        BenchFiles.deleteRecursively(out);
    }

    private static long[] median(List<long[]> values) {
        List<long[]> sorted = new ArrayList<>(values);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        return sorted.get(sorted.size() / 2);
    }

    /** CPU time of this process (all threads, DuckDB's included) in milliseconds, from /proc/self/stat. */
    private static long processCpuMillis() throws java.io.IOException {
        String text = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

}
