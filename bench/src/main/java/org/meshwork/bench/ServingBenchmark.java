package org.meshwork.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.serving.DataRequestParser;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * The governed read path in process ({@code mesh.data().read} with a selective filter, JSON out) against plain DuckDB
 * JDBC running the same filter over the same snapshot files and writing the same JSON, with C concurrent clients.
 * Prints throughput and p50/p99 latency of both and their ratio. The difference is the price of governance: access
 * decision, a fresh locked-down session with its view per read, the audit event.
 *
 * <p>Usage: {@code bench/serving.sh [ROWS] [--clients C] [--requests N]}.
 */
public final class ServingBenchmark {
    private static final ProductId SALES = ProductId.parse("dp.bench.sales");
    private static final JsonFactory JSON = new JsonFactory();

    private ServingBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = 2_000_000;
        int clients = 8;
        int requests = 400;
        Path work = Path.of("bench/out/serving");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows": rows = Long.parseLong(args[++i]); break;
                case "--clients": clients = Integer.parseInt(args[++i]); break;
                case "--requests": requests = Integer.parseInt(args[++i]); break;
                case "--work": work = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BenchFiles.deleteRecursively(work);
        Path home = Files.createDirectories(work.resolve("workspace"));
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: bench
                platform_admins: [bench]
                teams: {bench-team: {members: [bench]}}
                serving: {max_concurrent_queries_per_user: 1000}
                """);
        Path descriptors = Files.createDirectories(work.resolve("descriptors"));
        Files.writeString(descriptors.resolve("seed.csv"), "x\n1\n");
        Files.writeString(descriptors.resolve("sales.yaml"), """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: bench}
                spec: {owner_team: bench-team, description: Benchmarks}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: sales, namespace: bench}
                spec:
                  description: Generated sales
                  owner_team: bench-team
                  version: 1.0.0
                  sources:
                    - {name: seed, type: csv, path: seed.csv, options: {header: true}, columns: {x: BIGINT}}
                  transform:
                    sql: >-
                      SELECT range AS sale_id, range %% 100000 AS customer_id,
                      ['DE','FR','US','GB','IT','ES','NL','PL'][range %% 8 + 1] AS country,
                      CAST((range %% 10000) / 100.0 AS DECIMAL(12,2)) AS amount FROM range(%d)
                  schema:
                    columns:
                      - {name: sale_id, type: BIGINT, nullable: false}
                      - {name: customer_id, type: BIGINT}
                      - {name: country, type: VARCHAR}
                      - {name: amount, type: "DECIMAL(12,2)"}
                """.formatted(rows));
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            UserName user = UserName.of("bench");
            mesh.apply(List.of(descriptors.resolve("sales.yaml")), user);
            mesh.run(SALES, user, RunProgress.NONE);
            ProductTable table = mesh.tables().open(mesh.products().get(SALES).definition());
            Snapshot snapshot = table.current().orElseThrow();
            List<String> files = snapshot.files().stream()
                    .map(file -> table.location().resolve(file.path()).toAbsolutePath().toString()).toList();
            Principal principal = mesh.principal(user);
            System.out.printf("%,d rows in %d files; %d clients, %d requests each side, filter customer_id=eq.<random>%n",
                    snapshot.rowCount(), files.size(), clients, requests);

            Properties config = new Properties();
            config.setProperty("jdbc_stream_results", "true");
            try (Connection plain = DriverManager.getConnection("jdbc:duckdb:", config)) {
                String list = files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(","));
                String sql = "SELECT * FROM read_parquet([" + list + "]) WHERE customer_id = ?";
                Measured baseline = measure(clients, requests, id -> {
                    try (Connection connection = ((org.duckdb.DuckDBConnection) plain).duplicate();
                            PreparedStatement statement = connection.prepareStatement(sql)) {
                        statement.setLong(1, id);
                        try (ResultSet result = statement.executeQuery()) {
                            return writeJson(result);
                        }
                    }
                });
                Measured governed = measure(clients, requests, id -> {
                    try (ResultStream stream = mesh.data().read(principal, SALES, DataRequestParser.parse(
                            Map.of("customer_id", List.of("eq." + id))), RequestContext.local())) {
                        return stream.writeTo(ResultFormat.JSON, OutputStream.nullOutputStream());
                    }
                });
                System.out.println(baseline.line("plain DuckDB (JDBC)"));
                System.out.println(governed.line("governed read path"));
                System.out.printf("throughput ratio governed/plain: %.2f   p50 ratio: %.2f   p99 ratio: %.2f%n",
                        governed.throughput() / baseline.throughput(), governed.p50() / baseline.p50(),
                        governed.p99() / baseline.p99());
            }
        }
    }

    private interface Request {
        long run(long customerId) throws Exception;
    }

    private record Measured(double seconds, List<Double> latencies, long rows) {
        double throughput() {
            return latencies.size() / seconds;
        }

        double p50() {
            return latencies.get(latencies.size() / 2);
        }

        double p99() {
            return latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1));
        }

        String line(String name) {
            return String.format("%-22s %8.1f req/s   p50 %7.2f ms   p99 %7.2f ms   (%,d rows)", name, throughput(),
                    p50(), p99(), rows);
        }
    }

    private static Measured measure(int clients, int requests, Request request) throws Exception {
        for (int i = 0; i < Math.min(20, requests); i++) {
            request.run(i); // warm-up
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long[] rows = new long[1];
        long started = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long id = (i * 7919L) % 100_000;
            futures.add(pool.submit((Callable<Long>) () -> {
                long begin = System.nanoTime();
                long count = request.run(id);
                latencies.add((System.nanoTime() - begin) / 1e6);
                return count;
            }));
        }
        for (Future<Long> future : futures) {
            rows[0] += future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Measured(seconds, sorted, rows[0]);
    }

    private static long writeJson(ResultSet result) throws Exception {
        int columns = result.getMetaData().getColumnCount();
        long count = 0;
        try (JsonGenerator generator = JSON.createGenerator(OutputStream.nullOutputStream())) {
            generator.writeStartArray();
            while (result.next()) {
                generator.writeStartObject();
                for (int i = 1; i <= columns; i++) {
                    generator.writeFieldName(result.getMetaData().getColumnLabel(i));
                    Object value = result.getObject(i);
                    if (value == null) {
                        generator.writeNull();
                    } else if (value instanceof BigDecimal decimal) {
                        generator.writeNumber(decimal.toPlainString());
                    } else if (value instanceof Number number) {
                        generator.writeNumber(number.longValue());
                    } else {
                        generator.writeString(value.toString());
                    }
                }
                generator.writeEndObject();
                count++;
            }
            generator.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return count;
    }
}
