package org.meshwork.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.Threshold;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.Relation;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.engine.duckdb.DuckDbEngine;

/**
 * Quality-check benchmark: ten checks over N rows (default 10 M), three ways in one DuckDB session of one process —
 * the platform's check phase ({@code EngineSession.evaluate}, which compiles the column checks into one aggregate
 * query), one hand-written aggregate query computing the same ten metrics, and each check as its own query — and
 * prints the median times and the ratios against the hand-written query.
 *
 * <p>Usage: {@code CheckBenchmark [--rows N] [--repeat R] [--work DIR] [--threads T] [--memory-limit SIZE]}.
 */
public final class CheckBenchmark {
    private static final String RELATION = "orders";

    /** The ten metrics the hand-written baseline computes in one scan, in the order of {@link #checks()}. */
    private static final String HAND_WRITTEN = """
            SELECT count(*),
                   count(*) FILTER (WHERE customer_id IS NULL),
                   count(*) FILTER (WHERE order_id IS NULL),
                   count(*) - count(DISTINCT order_id),
                   count(*) FILTER (WHERE status NOT IN ('new', 'paid', 'shipped', 'cancelled')),
                   count(*) FILTER (WHERE quantity < 1 OR quantity > 1000),
                   count(*) FILTER (WHERE NOT regexp_full_match(currency, '[A-Z]{3}')),
                   max(order_ts),
                   count(*) FILTER (WHERE product_id IS NULL),
                   count(*) FILTER (WHERE unit_price < 0 OR unit_price > 10000)
            FROM orders""";

    /** The same ten metrics, one query each. */
    private static final List<String> ONE_BY_ONE = List.of(
            "SELECT count(*) FROM orders",
            "SELECT count(*) FILTER (WHERE customer_id IS NULL) FROM orders",
            "SELECT count(*) FILTER (WHERE order_id IS NULL) FROM orders",
            "SELECT count(*) - count(DISTINCT order_id) FROM orders",
            "SELECT count(*) FILTER (WHERE status NOT IN ('new', 'paid', 'shipped', 'cancelled')) FROM orders",
            "SELECT count(*) FILTER (WHERE quantity < 1 OR quantity > 1000) FROM orders",
            "SELECT count(*) FILTER (WHERE NOT regexp_full_match(currency, '[A-Z]{3}')) FROM orders",
            "SELECT max(order_ts) FROM orders",
            "SELECT count(*) FILTER (WHERE product_id IS NULL) FROM orders",
            "SELECT count(*) FILTER (WHERE unit_price < 0 OR unit_price > 10000) FROM orders");

    private CheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int repeat = 5;
        int threads = Runtime.getRuntime().availableProcessors();
        String memoryLimit = "4GB";
        Path work = Path.of("bench/out/checks");
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                case "--repeat" -> repeat = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--memory-limit" -> memoryLimit = value;
                case "--work" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class Javadoc");
            }
        }
        Files.createDirectories(work);
        Path data = work.resolve("orders-" + rows + ".parquet").toAbsolutePath();
        if (!Files.exists(data)) {
            System.out.printf(Locale.ROOT, "generating %,d rows into %s%n", rows, data);
            generate(rows, data);
        }

        SessionOptions options = SessionOptions.of("check-benchmark", List.of()).withThreads(threads).withMemoryLimit(memoryLimit);
        try (EngineSession session = new DuckDbEngine().openSession(options)) {
            SourceSpec source = new SourceSpec(RELATION, SourceType.PARQUET, Optional.of(data.toString()), Map.of(), Map.of(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            session.load(source, SourceInput.of(work));
            Relation relation = session.transform(TransformSpec.passThrough(), Optional.empty()).relation();
            QualityContext context = QualityContext.of(Instant.now(), new OutputSchema(List.of()));
            List<CheckSpec> checks = checks();

            // one warm-up of each, then the measured rounds, interleaved so drift hits all three alike
            List<CheckResult> results = session.evaluate(relation, checks, context);
            session.query(HAND_WRITTEN.replace("FROM orders", "FROM " + relation.name()), List.of(), row -> row);
            long[] platform = new long[repeat];
            long[] single = new long[repeat];
            long[] separate = new long[repeat];
            for (int round = 0; round < repeat; round++) {
                long start = System.nanoTime();
                session.evaluate(relation, checks, context);
                platform[round] = System.nanoTime() - start;

                start = System.nanoTime();
                session.query(HAND_WRITTEN.replace("FROM orders", "FROM " + relation.name()), List.of(), row -> row);
                single[round] = System.nanoTime() - start;

                start = System.nanoTime();
                for (String query : ONE_BY_ONE) {
                    session.query(query.replace("FROM orders", "FROM " + relation.name()), List.of(), row -> row);
                }
                separate[round] = System.nanoTime() - start;
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            double platformMs = median(platform);
            double singleMs = median(single);
            double separateMs = median(separate);
            System.out.printf(Locale.ROOT, "%,d rows, %d checks (%d failed), %d threads, medians of %d rounds%n",
                    rows, checks.size(), failed, threads, repeat);
            System.out.printf(Locale.ROOT, "  platform check phase (evaluate)   %9.1f ms   %.2fx%n", platformMs, platformMs / singleMs);
            System.out.printf(Locale.ROOT, "  one hand-written aggregate query  %9.1f ms   1.00x (baseline)%n", singleMs);
            System.out.printf(Locale.ROOT, "  each check as its own query       %9.1f ms   %.2fx%n", separateMs, separateMs / singleMs);
            System.out.printf(Locale.ROOT, "goal: platform within 1.20x of the hand-written query: %s%n",
                    platformMs / singleMs <= 1.2 ? "met" : "NOT met");
        }
    }

    /** The ten checks, as a team would declare them. */
    static List<CheckSpec> checks() {
        return List.of(
                check("row_count", "row_count", Optional.empty(), List.of(), "> 0", List.of(), null, null, null),
                check("customer_nulls", "null_percentage", Optional.of("customer_id"), List.of(), "< 1%", List.of(), null, null, null),
                check("order_id_not_null", "not_null", Optional.of("order_id"), List.of(), null, List.of(), null, null, null),
                check("order_id_unique", "uniqueness", Optional.empty(), List.of("order_id"), null, List.of(), null, null, null),
                check("status_known", "accepted_values", Optional.of("status"), List.of(), null,
                        List.of("new", "paid", "shipped", "cancelled"), null, null, null),
                check("quantity_range", "range", Optional.of("quantity"), List.of(), null, List.of(), 1.0, 1000.0, null),
                check("currency_code", "regex", Optional.of("currency"), List.of(), null, List.of(), null, null, "[A-Z]{3}"),
                check("fresh_orders", "freshness", Optional.of("order_ts"), List.of(), "< 36500 days", List.of(), null, null, null),
                check("product_id_not_null", "not_null", Optional.of("product_id"), List.of(), null, List.of(), null, null, null),
                check("price_range", "range", Optional.of("unit_price"), List.of(), null, List.of(), 0.0, 10000.0, null));
    }

    private static CheckSpec check(String name, String kind, Optional<String> column, List<String> columns, String threshold,
            List<String> values, Double min, Double max, String pattern) {
        return new CheckSpec(name, kind, column, columns, Optional.ofNullable(threshold).map(Threshold::parse),
                CheckSeverity.ERROR, values, Optional.ofNullable(min), Optional.ofNullable(max), Optional.ofNullable(pattern),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static void generate(long rows, Path target) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT range AS order_id, (range * 7919) % 1000003 AS customer_id,"
                    + " (range * 31) % 1000 AS product_id, 1 + (range % 10)::INTEGER AS quantity,"
                    + " ((range % 50000) / 100.0)::DECIMAL(10,2) AS unit_price,"
                    + " CASE range % 20 WHEN 0 THEN 'USD' ELSE 'EUR' END AS currency,"
                    + " CASE range % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'cancelled' END AS status,"
                    + " TIMESTAMP '2026-01-01' + to_seconds(range % 31536000) AS order_ts"
                    + " FROM range(" + rows + ")) TO '" + target.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000_000.0;
    }
}
