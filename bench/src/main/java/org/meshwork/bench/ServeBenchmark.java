package org.meshwork.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * The serving benchmark: N concurrent clients issuing selective filtered reads ({@code customer_id=eq.K}, about 40
 * rows each) of a 10 M-row product against {@code mesh serve} over HTTP, and the same queries in-process on DuckDB
 * (one connection per client over the product's Parquet files, a prepared statement, every row read, Parquet metadata
 * cached as the server's read databases do), in one run on the same data. Prints each side's throughput and p50/p99
 * latency and the throughput ratio. Absolute figures depend on the machine; read the ratio. The served side goes
 * through the real governed read path (authentication, access decision, audit), so it needs the serving and
 * access-control work merged (a token from {@code mesh token create}).
 */
public final class ServeBenchmark {
    static final String USAGE = "usage: ServeBenchmark --rows N --work DIR --mesh-cli JAR [--clients N] [--seconds S] [--warm-up S] "
            + "[--memory-limit SIZE] [--threads N] [--token TOKEN] [--heap SIZE] [--key customer_id|order_id] "
            + "[--server-java-opts \"OPTS\"]";
    private static final int CUSTOMERS = 250_000;
    private static final Pattern LISTENING = Pattern.compile("on (http://[^ ]+)/api/v1");

    private final Options options;
    private final String javaCommand = ProcessHandle.current().info().command().orElse("java");

    private ServeBenchmark(Options options) {
        this.options = options;
    }

    record Options(long rows, Path work, Path meshCli, int clients, int seconds, int warmUp, String memoryLimit, int threads,
            String token, String heap, String key, List<String> serverJavaOptions) {
        static Options parse(String[] args) {
            long rows = 10_000_000;
            Path work = Path.of("bench/out/serve");
            Path cli = Path.of("mesh-cli/target/mesh-cli.jar");
            int clients = 32;
            int seconds = 20;
            int warmUp = 3;
            String memoryLimit = "4GB";
            int threads = Runtime.getRuntime().availableProcessors();
            String token = null;
            String heap = "1g";
            String key = "customer_id";
            List<String> serverJavaOptions = List.of();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(value);
                    case "--work" -> work = Path.of(value);
                    case "--mesh-cli" -> cli = Path.of(value);
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warm-up" -> warmUp = Integer.parseInt(value);
                    case "--memory-limit" -> memoryLimit = value;
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--token" -> token = value;
                    case "--heap" -> heap = value;
                    case "--key" -> key = value;
                    case "--server-java-opts" -> serverJavaOptions = List.of(value.trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (clients < 1 || seconds < 1 || warmUp < 0) {
                throw new IllegalArgumentException("--clients and --seconds must be at least 1, --warm-up at least 0");
            }
            if (!key.equals("customer_id") && !key.equals("order_id")) {
                throw new IllegalArgumentException("--key must be customer_id (about 40 rows per key, spread over every"
                        + " row group: a full scan) or order_id (one row, in one row group: the scan skips the rest)");
            }
            return new Options(rows, work, cli, clients, seconds, warmUp, memoryLimit, threads, token, heap, key,
                    serverJavaOptions);
        }

        /** The number of distinct keys to pick from: customers, or one per order. */
        long keys() {
            return key.equals("order_id") ? rows : CUSTOMERS;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            new ServeBenchmark(options).run();
        } catch (IllegalStateException e) {
            System.err.println("benchmark failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws Exception {
        Path work = Files.createDirectories(options.work().toAbsolutePath().normalize());
        Path cli = options.meshCli().toAbsolutePath().normalize();
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("no mesh CLI at " + cli + "; build it with ./mvnw -pl mesh-cli -am package");
        }
        System.out.printf(Locale.ROOT, "Meshwork serving benchmark: %d clients, selective filtered reads (" + options.key() + " = K)%n",
                options.clients());
        OrdersDataset data = new OrdersDataset(work.resolve("data"), options.rows());
        data.generate(options.threads());
        BenchWorkspace workspace = BenchWorkspace.create(work.resolve("mesh"), data, options.memoryLimit(), options.threads());
        check(MeasuredProcess.run(mesh(cli, "apply", "-f", workspace.descriptors().toString()), work), "mesh apply");
        MeasuredProcess.Result run = MeasuredProcess.run(mesh(cli, "run", BenchWorkspace.PRODUCT_ID, "--json"), work);
        check(run, "mesh run");
        List<String> files;
        try (Stream<Path> walk = Files.walk(workspace.home().resolve("lake/bench/orders"))) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).map(Path::toString).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("the run published no Parquet files under " + workspace.home().resolve("lake"));
        }
        System.out.printf(Locale.ROOT, "  product         %s: %,d input rows in %d Parquet file(s)%n",
                BenchWorkspace.PRODUCT_ID, options.rows(), files.size());

        Side inProcess = inProcess(files);
        Side served = served(cli, work);
        System.out.printf(Locale.ROOT, "%n  %-22s %12s %10s %10s %10s %12s%n", "", "requests/s", "p50 ms", "p99 ms", "rows/req",
                "CPU ms/req");
        inProcess.print("in-process DuckDB");
        served.print("mesh serve (HTTP)");
        System.out.println("  (CPU ms/req: in-process, this JVM; served, the server process + the HTTP clients in this JVM)");
        System.out.printf(Locale.ROOT, "%n  throughput ratio serve/in-process  %.2f   (goal ≥ 0.50)%n",
                served.throughput() / inProcess.throughput());
        System.out.printf(Locale.ROOT, "  p99 of mesh serve                   %.1f ms (goal ≤ 50 ms)%n", served.percentile(0.99));
    }

    /** The same queries in this JVM: one DuckDB connection per client over the product's files, every row read. */
    private Side inProcess(List<String> files) throws Exception {
        String list = "[" + String.join(", ", files.stream().map(f -> "'" + f.replace("'", "''") + "'").toList()) + "]";
        try (Connection root = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement statement = root.createStatement()) {
                statement.execute("SET memory_limit = '" + options.memoryLimit().replace("'", "") + "'");
                statement.execute("SET threads = " + options.threads());
                // as the server's pooled read databases do: footers are parsed once, not on every query
                statement.execute("SET parquet_metadata_cache = true");
                statement.execute("CREATE VIEW orders AS SELECT * FROM read_parquet(" + list + ")");
            }
            List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                return measure(-1, random -> new Query() {
                    // each client keeps its own connection and prepared statement, opened on its first query
                    private PreparedStatement query;

                    @Override
                    public long call() throws Exception {
                        if (query == null) {
                            Connection connection = ((DuckDBConnection) root).duplicate();
                            opened.add(connection);
                            // the key column is one of two fixed names, never user text
                            query = connection.prepareStatement("SELECT * FROM orders WHERE " + options.key() + " = ?");
                        }
                        query.setLong(1, 1 + nextKey(random));
                        long rows = 0;
                        try (ResultSet result = query.executeQuery()) {
                            int columns = result.getMetaData().getColumnCount();
                            while (result.next()) {
                                for (int c = 1; c <= columns; c++) {
                                    result.getObject(c);
                                }
                                rows++;
                            }
                        }
                        return rows;
                    }
                });
            } finally {
                for (Connection connection : opened) {
                    connection.close();
                }
            }
        }
    }

    /** The queries against {@code mesh serve} on this workspace, as NDJSON over HTTP/1.1. */
    private Side served(Path cli, Path work) throws Exception {
        String token = options.token() != null ? options.token() : createToken(cli, work);
        List<String> command = new ArrayList<>(List.of(javaCommand, "-Xmx" + options.heap()));
        command.addAll(options.serverJavaOptions());
        command.addAll(List.of("-jar", cli.toString(),
                "--workspace", workspaceHome().toString(), "--no-color", "serve", "--port", "0"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        // the client's threads are not daemons: shut them down, or the benchmark's JVM never exits
        ExecutorService clientThreads = Executors.newFixedThreadPool(options.clients());
        try {
            String base = awaitListening(server);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(clientThreads).build();
            return measure(server.pid(), random -> () -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/products/"
                        + BenchWorkspace.PRODUCT_ID + "/data?format=ndjson&" + options.key() + "=eq." + (1 + nextKey(random))))
                        .header("Authorization", "Bearer " + token).build();
                HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("mesh serve answered " + response.statusCode() + ": "
                            + String.join("\n", response.body().toList()));
                }
                return response.body().count();
            });
        } finally {
            clientThreads.shutdownNow();
            server.destroy(); // SIGTERM: the graceful stop
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private String createToken(Path cli, Path work) throws IOException, InterruptedException {
        MeasuredProcess.Result created = MeasuredProcess.run(mesh(cli, "token", "create", "--user", BenchWorkspace.USER), work);
        check(created, "mesh token create");
        Matcher token = Pattern.compile("[A-Za-z0-9_\\-.]{24,}").matcher(created.stdout());
        if (!token.find()) {
            throw new IllegalStateException("no token in the output of mesh token create; pass --token TOKEN:\n" + created.stdout());
        }
        return token.group();
    }

    private String awaitListening(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            seen.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try (InputStream in = server.getInputStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException ignored) {
                        // the server ended
                    }
                }, "serve-output");
                drain.setDaemon(true);
                drain.start();
                return matcher.group(1);
            }
        }
        throw new IllegalStateException("mesh serve ended without listening:\n" + String.join("\n", seen));
    }

    @FunctionalInterface
    interface Query {
        long call() throws Exception;
    }

    /**
     * Warms up (--warm-up seconds, default 3), then runs every client for the configured seconds and records each request's latency, and the
     * CPU time this JVM (the clients, or the in-process engine) and the server process (pid, or -1 for none) spent.
     */
    private Side measure(long serverPid, java.util.function.Function<SplittableRandom, Query> clientFactory)
            throws Exception {
        run(clientFactory, Duration.ofSeconds(options.warmUp()), new SplittableRandom(1));
        long ownBefore = MeasuredProcess.cpuMillis(ProcessHandle.current().pid());
        long serverBefore = serverPid < 0 ? 0 : MeasuredProcess.cpuMillis(serverPid);
        Side side = run(clientFactory, Duration.ofSeconds(options.seconds()), new SplittableRandom(42));
        long own = MeasuredProcess.cpuMillis(ProcessHandle.current().pid()) - ownBefore;
        long server = serverPid < 0 ? 0 : MeasuredProcess.cpuMillis(serverPid) - serverBefore;
        return side.withCpu(own, server);
    }

    private Side run(java.util.function.Function<SplittableRandom, Query> clientFactory, Duration duration,
            SplittableRandom seeds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        long end = System.nanoTime() + duration.toNanos();
        List<CompletableFuture<long[]>> clients = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            Query query = clientFactory.apply(seeds.split());
            clients.add(CompletableFuture.supplyAsync(() -> {
                long[] latencies = new long[1 << 20];
                int count = 0;
                long rows = 0;
                try {
                    while (System.nanoTime() < end && count < latencies.length - 1) {
                        long started = System.nanoTime();
                        rows += query.call();
                        latencies[count++] = System.nanoTime() - started;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                long[] result = Arrays.copyOf(latencies, count + 1);
                result[count] = rows;
                return result;
            }, pool));
        }
        List<Long> all = new ArrayList<>();
        long rows = 0;
        for (CompletableFuture<long[]> client : clients) {
            long[] result = client.get();
            for (int i = 0; i < result.length - 1; i++) {
                all.add(result[i]);
            }
            rows += result[result.length - 1];
        }
        pool.shutdown();
        long[] latencies = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Side(latencies, rows, duration, 0, 0);
    }

    /** One side's latencies and rows, and the CPU milliseconds of this JVM and of the server while they ran. */
    record Side(long[] latencies, long rows, Duration duration, long ownCpuMillis, long serverCpuMillis) {
        Side withCpu(long own, long server) {
            return new Side(latencies, rows, duration, own, server);
        }

        /** CPU milliseconds per request of this JVM (the engine in-process; the HTTP clients when served). */
        double ownCpuPerRequest() {
            return latencies.length == 0 ? Double.NaN : (double) ownCpuMillis / latencies.length;
        }

        double serverCpuPerRequest() {
            return latencies.length == 0 ? Double.NaN : (double) serverCpuMillis / latencies.length;
        }

        double throughput() {
            return latencies.length / (duration.toNanos() / 1e9);
        }

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            return latencies[(int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] / 1e6;
        }

        void print(String label) {
            System.out.printf(Locale.ROOT, "  %-22s %12.1f %10.2f %10.2f %10.1f %12s%n", label, throughput(), percentile(0.5),
                    percentile(0.99), latencies.length == 0 ? 0.0 : (double) rows / latencies.length,
                    serverCpuMillis == 0
                            ? String.format(Locale.ROOT, "%.2f", ownCpuPerRequest())
                            : String.format(Locale.ROOT, "%.2f + %.2f", serverCpuPerRequest(), ownCpuPerRequest()));
        }
    }

    private Path workspaceHome() {
        return options.work().toAbsolutePath().normalize().resolve("mesh/workspace");
    }

    private List<String> mesh(Path cli, String... arguments) {
        List<String> command = new ArrayList<>(List.of(javaCommand, "-jar", cli.toString(), "--workspace",
                workspaceHome().toString(), "--no-color"));
        command.addAll(List.of(arguments));
        return command;
    }

    private static void check(MeasuredProcess.Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + " failed (exit " + result.exitCode() + "):\n" + result.stdout()
                    + result.stderr());
        }
    }


    private long nextKey(SplittableRandom random) {
        return random.nextLong(options.keys());
    }
}
