package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.engine.ContractMismatchException;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.TransformResult;
import org.meshwork.api.table.DataFile;
import org.meshwork.testing.engine.TestSources;

/** Session-wide behaviour: cancellation, spilling, file access after the load phase, file splitting. */
class DuckDbSessionIT {

    @TempDir
    Path directory;

    @Test
    @Timeout(30)
    void cancelInterruptsARunningQueryWithinASecond() throws Exception {
        try (EngineSession session = new DuckDbEngine().openSession(SessionOptions.of("run-cancel", List.of()))) {
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    session.query("SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = 7",
                            List.of(), row -> row.value(0));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            long cancelledAt = System.nanoTime();
            session.cancel();

            Throwable failure = running.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
            assertThat(failure).isInstanceOf(QueryCancelledException.class);
            assertThatThrownBy(() -> session.query("SELECT 1", List.of(), row -> row.value(0)))
                    .isInstanceOf(QueryCancelledException.class);
        }
    }

    @Test
    @Timeout(120)
    void aSmallMemoryLimitSortsAndAggregatesMoreDataThanFitsBySpilling() throws Exception {
        Path source = directory.resolve("big.parquet");
        try (var duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var statement = duckdb.createStatement()) {
            // about 150 MB once in memory: 2.5 M rows of a 32-character string and two numbers
            statement.execute("COPY (SELECT range AS id, md5(range::VARCHAR) AS s, range % 1000 AS k FROM range(2500000))"
                    + " TO '" + source + "'");
        }
        // one thread: with two, per-thread sort buffers make the peak of pinned memory depend on scheduling
        SessionOptions options = SessionOptions.of("run-spill", List.of()).withMemoryLimit("96MB").withThreads(1)
                .withTempDirectory(directory.resolve("tmp"));
        try (EngineSession session = new DuckDbEngine().openSession(options)) {
            session.load(TestSources.file("big", org.meshwork.api.descriptor.SourceType.PARQUET, source.toString(),
                    Map.of(), Map.of()), SourceInput.of(directory));

            TransformResult sorted = session.transform(sql("SELECT * FROM big ORDER BY s"), Optional.empty());
            List<Long> groups = session.query("SELECT count(*) FROM (SELECT s, count(*) FROM big GROUP BY s)", List.of(),
                    row -> (Long) row.value(0));

            assertThat(sorted.rowCount()).isEqualTo(2_500_000L);
            assertThat(groups).containsExactly(2_500_000L);
            assertThat(session.query("SELECT current_setting('memory_limit')", List.of(), row -> row.value(0)))
                    .containsExactly("91.5 MiB");
        }
        assertThat(directory.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void transformSqlCannotReadFilesOnceSourcesAreLoaded() throws IOException {
        Path secret = Files.writeString(directory.resolve("secret.csv"), "password\nhunter2\n");
        Files.writeString(directory.resolve("a.csv"), "id\n1\n");
        try (EngineSession session = new DuckDbEngine().openSession(SessionOptions.of("run-lock",
                List.of(directory.resolve("lake"))))) {
            session.load(TestSources.csv("a", "a.csv", Map.of()), SourceInput.of(directory));

            assertThatThrownBy(() -> session.transform(sql("SELECT * FROM read_csv('" + secret + "')"), Optional.empty()))
                    .isInstanceOf(MeshException.class).hasMessageContaining("transform: Permission Error");
            assertThatThrownBy(() -> session.query("SET enable_external_access = true", List.of(), row -> row))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> session.load(TestSources.csv("b", "a.csv", Map.of()), SourceInput.of(directory)))
                    .isInstanceOf(IllegalStateException.class);

            TransformResult result = session.transform(sql("SELECT * FROM a"), Optional.empty());
            Path tableRoot = directory.resolve("lake/t");
            assertThat(session.writeParquet(result.relation(), tableRoot, tableRoot, ParquetWriteOptions.defaults()))
                    .hasSize(1);
        }
    }

    @Test
    void resultsAreWidenedToStorableTypesAndConformedToNumericContracts() throws IOException {
        Files.writeString(directory.resolve("a.csv"), "k,v\nx,1\nx,2\ny,9223372036854775807\ny,1\n");
        try (EngineSession session = new DuckDbEngine().openSession(SessionOptions.of("run-types", List.of()))) {
            session.load(TestSources.csv("a", "a.csv", Map.of("k", "VARCHAR", "v", "BIGINT")), SourceInput.of(directory));

            TransformResult sums = session.transform(sql("SELECT k, sum(v) AS total, 1::UINTEGER AS one FROM a GROUP BY k"),
                    Optional.empty());
            assertThat(session.describe(sums.relation())).extracting(c -> c.type())
                    .containsExactly("VARCHAR", "DECIMAL(38,0)", "BIGINT");

            // the sum for y overflows a BIGINT: the contract cannot be met, and the message says which column
            OutputSchema narrow = new OutputSchema(List.of(column("k", "VARCHAR"), column("total", "BIGINT"), column("one", "BIGINT")));
            assertThatThrownBy(() -> session.checkContract(sums.relation(), narrow))
                    .isInstanceOf(ContractMismatchException.class)
                    .hasMessageContaining("column total: the contract says BIGINT but the result's DECIMAL(38,0) values do not all fit");
        }
        try (EngineSession session = new DuckDbEngine().openSession(SessionOptions.of("run-types-2", List.of()))) {
            session.load(TestSources.csv("a", "a.csv", Map.of("k", "VARCHAR", "v", "BIGINT")), SourceInput.of(directory));
            TransformResult small = session.transform(sql("SELECT k, sum(v) AS total FROM a WHERE k = 'x' GROUP BY k"),
                    Optional.empty());
            session.checkContract(small.relation(), new OutputSchema(List.of(column("k", "VARCHAR"), column("total", "BIGINT"))));
            assertThat(session.describe(small.relation())).extracting(c -> c.type()).containsExactly("VARCHAR", "BIGINT");
            assertThat(session.query("SELECT total FROM " + small.relation().name(), List.of(), row -> row.value(0))).containsExactly(3L);
        }
    }

    private static ColumnSpec column(String name, String type) {
        return new ColumnSpec(name, type, Optional.empty(), true, false, false, Optional.empty(), false, Optional.empty(),
                List.of(), List.of());
    }

    @Test
    void transformAndQuerySqlMustBeOneSelect() throws IOException {
        Files.writeString(directory.resolve("a.csv"), "id\n1\n");
        try (EngineSession session = new DuckDbEngine().openSession(SessionOptions.of("run-inject", List.of()))) {
            session.load(TestSources.csv("a", "a.csv", Map.of()), SourceInput.of(directory));

            assertThatThrownBy(() -> session.transform(sql("SELECT * FROM a; DROP TABLE a"), Optional.empty()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("transform SQL must be a single SELECT query");
            assertThatThrownBy(() -> session.transform(sql("SELECT 1; SELECT 2"), Optional.empty()))
                    .hasMessage("transform SQL must be a single SELECT query, not 2 statements");
            assertThatThrownBy(() -> session.query("DROP TABLE a", List.of(), row -> row))
                    .hasMessage("query must be a single SELECT query");
            assertThatThrownBy(() -> session.query("SELEC 1", List.of(), row -> row))
                    .hasMessageStartingWith("query is not valid: syntax error at or near");
            assertThat(session.query("SELECT count(*) FROM a", List.of(), row -> row.value(0))).containsExactly(1L);
        }
    }

    @Test
    void theWatermarkOfOneRunBoundsTheNextRun() throws IOException {
        Files.writeString(directory.resolve("events.csv"), "id,at\n1,2024-01-01 10:00:00\n2,2024-01-02 10:00:00\n");
        Map<String, String> columns = Map.of("at", "TIMESTAMP NOT NULL");
        TransformSpec append = new TransformSpec(Optional.of("SELECT * FROM events"), Optional.empty(), WriteMode.APPEND,
                Optional.of("at"), true);
        Object watermark;
        try (EngineSession first = new DuckDbEngine().openSession(SessionOptions.of("run-1", List.of()))) {
            first.load(TestSources.csv("events", "events.csv", columns), SourceInput.of(directory));
            TransformResult result = first.transform(append, Optional.empty());
            assertThat(result.rowCount()).isEqualTo(2);
            watermark = first.max(result.relation(), "at").orElseThrow();
        }
        assertThat(watermark).isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 10, 0));
        Files.writeString(directory.resolve("events.csv"), "id,at\n2,2024-01-02 10:00:00\n3,2024-01-03 10:00:00\n");

        try (EngineSession second = new DuckDbEngine().openSession(SessionOptions.of("run-2", List.of()))) {
            second.load(TestSources.csv("events", "events.csv", columns), SourceInput.of(directory));
            TransformResult result = second.transform(append, Optional.of(watermark));

            assertThat(second.query("SELECT id, _run_id FROM " + result.relation().name(), List.of(),
                    row -> row.value(0) + "/" + row.value(1))).containsExactly("3/run-2");
        }
    }

    @Test
    void largeResultsAreSplitIntoFilesOfBoundedSize() {
        Path tableRoot = directory.resolve("lake/big");
        try (EngineSession session = new DuckDbEngine().openSession(SessionOptions.of("run-split", List.of(tableRoot)))) {
            Path source = directory.resolve("big.parquet");
            try (var duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                    var statement = duckdb.createStatement()) {
                statement.execute("COPY (SELECT range AS id, md5(range::VARCHAR) AS s FROM range(400000)) TO '" + source + "'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            session.load(TestSources.file("big", org.meshwork.api.descriptor.SourceType.PARQUET, source.toString(),
                    Map.of(), Map.of()), SourceInput.of(directory));
            TransformResult result = session.transform(TransformSpec.passThrough(), Optional.empty());

            List<DataFile> files = session.writeParquet(result.relation(), tableRoot, tableRoot.resolve("data"),
                    new ParquetWriteOptions(1_000_000, 20_000, ParquetWriteOptions.Compression.ZSTD));
            List<DataFile> more = session.writeParquet(result.relation(), tableRoot, tableRoot.resolve("data"),
                    ParquetWriteOptions.defaults());

            assertThat(files.size()).isGreaterThan(3);
            assertThat(files.stream().mapToLong(DataFile::rowCount).sum()).isEqualTo(400_000);
            assertThat(files).allSatisfy(file -> assertThat(file.sizeBytes()).isLessThan(3_000_000));
            assertThat(more).hasSize(1).doesNotContainAnyElementsOf(files);
        }
    }

    private static TransformSpec sql(String sql) {
        return new TransformSpec(Optional.of(sql), Optional.empty(), WriteMode.OVERWRITE, Optional.empty(), false);
    }
}
