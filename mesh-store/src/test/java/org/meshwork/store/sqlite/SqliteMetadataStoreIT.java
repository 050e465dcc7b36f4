package org.meshwork.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;

/** The SQLite store against real files shared by several connections and several processes. */
class SqliteMetadataStoreIT {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final UserName ALICE = UserName.of("alice");
    private static final Instant T1 = Instant.parse("2026-03-01T10:15:30.123Z");

    @TempDir
    Path directory;

    /**
     * Both racers start on a new file, so their first opens also race to create the schema. Once both are ready, this
     * JVM commits version 1 and gives the start signal; both then commit version 2 on base version 1.
     */
    @RepeatedTest(5)
    void twoProcessesRacingForTheSameVersionHaveExactlyOneWinner() throws Exception {
        Path databaseFile = directory.resolve("meta.db");
        Path startFile = directory.resolve("start");
        Racer first = Racer.start(directory, databaseFile, startFile, "racer-a");
        Racer second = Racer.start(directory, databaseFile, startFile, "racer-b");
        first.awaitReady();
        second.awaitReady();
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            store.commit(List.of(change(CommitRacer.KEY, 0, "{\"racer\":\"none\"}")), ALICE, T1);

            Files.createFile(startFile);
            String firstResult = first.awaitResult();
            String secondResult = second.awaitResult();

            assertThat(List.of(firstResult, secondResult)).as("results of the two processes")
                    .anyMatch(result -> result.equals("won"))
                    .anyMatch(result -> result.startsWith("conflict ") && result.contains("expected current version 1"));
            String winner = firstResult.equals("won") ? first.name() : second.name();
            assertThat(store.history(CommitRacer.KEY)).extracting(StoredResource::version).containsExactly(1L, 2L);
            StoredResource current = store.current(CommitRacer.KEY).orElseThrow();
            assertThat(current.document()).isEqualTo(CommitRacer.document(winner));
            assertThat(current.appliedBy()).isEqualTo(UserName.of(winner));
        }
    }

    @Test
    void readersDoNotWaitForAWriterAndWritersQueue() throws Exception {
        Path databaseFile = directory.resolve("meta.db");
        ProductId orders = ProductId.parse("dp.sales.orders");
        ResourceKey ordersKey = ResourceKey.product(orders);
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile);
                Connection writer = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
                Statement statement = writer.createStatement()) {
            StoredResource v1 = store.commit(List.of(change(ordersKey, 0, "{\"v\":1}")), ALICE, T1).get(0);

            statement.execute("BEGIN IMMEDIATE");
            statement.executeUpdate("INSERT INTO runs (run_id, product_id, descriptor_version, trigger_kind, status,"
                    + " started_at, rows_read, rows_written, rows_quarantined, bytes_written)"
                    + " VALUES ('uncommitted', 'dp.sales.orders', 1, 'MANUAL', 'RUNNING',"
                    + " '2026-03-01T10:15:30.123000000Z', 0, 0, 0, 0)");

            long startedReading = System.nanoTime();
            assertThat(store.current(ordersKey)).contains(v1);
            assertThat(store.list(ResourceKind.PRODUCT)).containsExactly(v1);
            assertThat(store.run("uncommitted")).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - startedReading))
                    .as("reads while another connection holds the write lock")
                    .isLessThan(Duration.ofSeconds(2));

            CompletableFuture<StoredResource> queuedCommit = CompletableFuture.supplyAsync(
                    () -> store.commit(List.of(change(ordersKey, 1, "{\"v\":2}")), ALICE, T1).get(0));
            Thread.sleep(300);
            assertThat(queuedCommit).as("a commit waits for the other writer").isNotDone();

            statement.execute("COMMIT");

            assertThat(queuedCommit.get(10, TimeUnit.SECONDS).version()).isEqualTo(2);
            assertThat(store.run("uncommitted")).isPresent();
        }
    }

    @Test
    void aDatabaseOfTheFirstSchemaIsUpgradedAndItsRunsTakeCheckResults() throws Exception {
        Path databaseFile = directory.resolve("v1.db");
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + databaseFile, null, null)
                .locations(SqliteMetadataStore.MIGRATIONS_LOCATION)
                .target("1")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO runs (run_id, product_id, descriptor_version, trigger_kind, status,"
                    + " started_at, rows_read, rows_written, rows_quarantined, bytes_written)"
                    + " VALUES ('old-run', 'dp.sales.orders', 1, 'MANUAL', 'SUCCEEDED',"
                    + " '2026-03-01T10:15:30.123000000Z', 1, 1, 0, 10)");
        }
        CheckResult result = new CheckResult("ids", "not_null", CheckSeverity.ERROR, Optional.of(1.0), "== 0", false,
                "1 NULL id", OptionalLong.of(1), List.of(Map.of("id", "x")));

        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            store.insertCheckResults("old-run", T1, List.of(result));

            assertThat(store.checkResults("old-run"))
                    .containsExactly(new StoredCheckResult("old-run", ProductId.parse("dp.sales.orders"), T1, result));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile)) {
            assertThat(query(connection, "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void theDatabaseIsInWalJournalMode() throws Exception {
        Path databaseFile = directory.resolve("meta.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile);
                Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile)) {
            assertThat(query(connection, "PRAGMA journal_mode")).containsExactly("wal");
            assertThat(store.databaseFile()).isEqualTo(databaseFile.toAbsolutePath());
        }
    }

    @Test
    void openingAgainKeepsTheDataAndMigratesOnlyOnce() throws Exception {
        Path databaseFile = directory.resolve("nested").resolve("dirs").resolve("meta.db");
        ResourceKey ordersKey = ResourceKey.product(ProductId.parse("dp.sales.orders"));
        StoredResource v1;
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            v1 = store.commit(List.of(change(ordersKey, 0, "{}")), ALICE, T1).get(0);
        }
        try (SqliteMetadataStore first = SqliteMetadataStore.open(databaseFile);
                SqliteMetadataStore second = SqliteMetadataStore.open(databaseFile)) {
            assertThat(first.current(ordersKey)).contains(v1);
            StoredResource v2 = second.commit(List.of(change(ordersKey, 1, "{}")), ALICE, T1).get(0);
            assertThat(first.current(ordersKey)).contains(v2);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile)) {
            assertThat(query(connection, "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void storesOpeningANewFileAtTheSameTimeAllSucceed() throws Exception {
        Path databaseFile = directory.resolve("meta.db");
        int stores = 6;
        ExecutorService executor = Executors.newFixedThreadPool(stores);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<StoredResource>> commits = new ArrayList<>();
            for (int i = 0; i < stores; i++) {
                ResourceKey key = ResourceKey.product(ProductId.parse("dp.sales.p" + i));
                commits.add(executor.submit(() -> {
                    start.await();
                    try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
                        return store.commit(List.of(change(key, 0, "{}")), ALICE, T1).get(0);
                    }
                }));
            }
            start.countDown();
            for (Future<StoredResource> commit : commits) {
                assertThat(commit.get(60, TimeUnit.SECONDS).version()).isEqualTo(1);
            }
        } finally {
            executor.shutdownNow();
        }
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            assertThat(store.list(ResourceKind.PRODUCT)).hasSize(stores);
        }
    }

    @Test
    void runsSurviveReopening() {
        Path databaseFile = directory.resolve("meta.db");
        RunRecord run = RunRecord.started("run-1", ProductId.parse("dp.sales.orders"), 1, RunTrigger.SCHEDULE,
                Instant.parse("2026-03-01T10:15:30.123456789Z"));
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            store.insertRun(run);
        }
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            assertThat(store.run("run-1")).contains(run);
        }
    }

    private static ResourceChange change(ResourceKey key, long baseVersion, String document) {
        return new ResourceChange(key, baseVersion, Optional.of(DomainName.of("sales")), document, "sha256:" + document);
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }

    /** A {@link CommitRacer} in its own JVM, with its output in a file. */
    private record Racer(String name, Process process, Path readyFile, Path outputFile) {
        static Racer start(Path directory, Path databaseFile, Path startFile, String name) throws IOException {
            Path readyFile = directory.resolve(name + ".ready");
            Path outputFile = directory.resolve(name + ".out");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    CommitRacer.class.getName(), databaseFile.toString(), readyFile.toString(), startFile.toString(), name)
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
            return new Racer(name, process, readyFile, outputFile);
        }

        void awaitReady() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
            while (!Files.exists(readyFile)) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                            + output());
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError(name + " was not ready within " + PROCESS_TIMEOUT + ":\n" + output());
                }
                Thread.sleep(5);
            }
        }

        /** The racer's result line without its prefix: {@code won}, {@code conflict ...} or {@code error ...}. */
        String awaitResult() throws IOException, InterruptedException {
            if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish within " + PROCESS_TIMEOUT + ":\n" + output());
            }
            String output = output();
            int exitCode = process.exitValue();
            Map<Integer, String> expected = Map.of(CommitRacer.EXIT_WON, "won", CommitRacer.EXIT_CONFLICT, "conflict");
            assertThat(expected).as("exit code of %s, whose output was:%n%s", name, output).containsKey(exitCode);
            return output.lines()
                    .filter(line -> line.startsWith(CommitRacer.RESULT))
                    .map(line -> line.substring(CommitRacer.RESULT.length()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " printed no result:\n" + output));
        }

        private String output() throws IOException {
            return Files.exists(outputFile) ? Files.readString(outputFile, UTF_8) : "";
        }
    }
}
