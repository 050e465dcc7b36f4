package org.meshwork.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.TableColumn;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.ProductPreview.Preview;
import org.meshwork.platform.pipeline.ProductPreview.Selector;
import org.meshwork.platform.schedule.RunInProgressException;

/** Runs of real products on the real stack: SQLite metadata, DuckDB, Delta tables on disk. */
class PipelineRunnerIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");

    @TempDir
    Path directory;

    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        mesh = Mesh.open(home, Map.of());
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private RunRecord run(ProductId id) {
        return mesh.run(id, ADMIN, RunProgress.NONE);
    }

    private Preview read(ProductId id, Selector selector) {
        return mesh.preview(id, ADMIN, selector, 1000);
    }

    @Test
    void theSampleMeshRunsAcrossDomainsAndQuarantinesBadRows() {
        mesh.apply(List.of(EXAMPLES), ADMIN);
        List<String> order = List.of("dp.customer.360", "dp.product.catalog", "dp.product.usage-events", "dp.sales.orders",
                "dp.marketing.campaign-performance");
        for (String id : order) {
            RunRecord run = run(ProductId.parse(id));
            assertThat(run.status()).as("%s: %s", id, run.error()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.tableVersion()).contains(0L);
        }

        RunRecord orders = mesh.runs(ProductId.parse("dp.sales.orders"), 1).get(0);
        assertThat(orders.rowsQuarantined()).isEqualTo(2);
        assertThat(orders.rowsWritten()).isEqualTo(120);
        assertThat(orders.rowsRead()).isEqualTo(122 + 12); // the ERP export and the product catalog it joins

        Preview quarantine = read(ProductId.parse("dp.sales.orders"), new Selector(Optional.empty(), Optional.empty(), true));
        assertThat(quarantine.rows()).hasSize(2);
        assertThat(quarantine.rows()).extracting(row -> row.get(1).toString()).containsExactlyInAnyOrder(
                "column quantity: 'two' is not a valid INTEGER", "column order_id: NULL in a NOT NULL column");

        Preview campaigns = read(ProductId.parse("dp.marketing.campaign-performance"), Selector.current());
        assertThat(campaigns.totalRows()).isEqualTo(6);
        assertThat(campaigns.columns()).extracting(c -> c.name()).contains("attribution_model", "roas");

        RunRecord spark = run(ProductId.parse("dp.marketing.marketing-campaign-data"));
        assertThat(spark.status()).isEqualTo(RunStatus.FAILED);
        assertThat(spark.error()).contains("engine 'spark' is not available in this installation");
    }

    @Test
    void overwriteRunsMakeVersionsAndTimeTravelReadsOlderOnes() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n3,query,2026-01-01 12:00:00\n");
        applyEvents(csv, "overwrite", "");
        RunRecord first = run(EVENTS);
        assertThat(first.tableVersion()).contains(0L);
        Instant between = Instant.now();

        Files.writeString(csv, "event_id,kind,event_at\n1,login,2026-01-01 10:00:00\n4,export,2026-01-02 09:00:00\n");
        RunRecord second = run(EVENTS);
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.tableVersion()).contains(1L);

        assertThat(read(EVENTS, Selector.current()).totalRows()).isEqualTo(2);
        assertThat(read(EVENTS, new Selector(Optional.of(0L), Optional.empty(), false)).totalRows()).isEqualTo(3);
        assertThat(read(EVENTS, new Selector(Optional.empty(), Optional.of(between), false)).version()).isZero();
    }

    @Test
    void appendRunsLoadOnlyRowsPastTheWatermark() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n");
        applyEvents(csv, "append", "    watermark: event_at\n");
        assertThat(run(EVENTS).rowsWritten()).isEqualTo(2);

        Files.writeString(csv, "event_id,kind,event_at\n1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n"
                + "0,late,2025-12-31 23:00:00\n3,export,2026-01-02 08:00:00\n4,login,2026-01-02 09:00:00\n");
        RunRecord second = run(EVENTS);
        assertThat(second.rowsWritten()).isEqualTo(2);
        assertThat(second.tableVersion()).contains(1L);
        assertThat(read(EVENTS, Selector.current()).rows()).extracting(row -> row.get(0)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);

        RunRecord nothingNew = run(EVENTS);
        assertThat(nothingNew.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(nothingNew.rowsWritten()).isZero();
        assertThat(nothingNew.tableVersion()).isEmpty();
        assertThat(table().current().map(Snapshot::version)).contains(1L);
    }

    @Test
    void aColumnAddedToTheContractOfAnOverwrittenProductIsPublishedAndOldVersionsKeepTheirSchema() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n");
        applyEvents(csv, "overwrite", "");
        assertThat(run(EVENTS).tableVersion()).contains(0L);

        apply("""
                  transform:
                    sql: SELECT event_id, kind, event_at, upper(kind) AS channel FROM events
                """, "      - {name: channel, type: VARCHAR}\n", "", csv);
        RunRecord evolved = run(EVENTS);

        assertThat(evolved.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(evolved.tableVersion()).contains(1L);
        assertThat(table().current().orElseThrow().schema()).extracting(TableColumn::name)
                .containsExactly("event_id", "kind", "event_at", "channel");
        assertThat(read(EVENTS, Selector.current()).rows()).extracting(row -> row.get(3)).containsExactly("LOGIN");
        assertThat(table().version(0).schema()).extracting(TableColumn::name).containsExactly("event_id", "kind", "event_at");
        assertThat(read(EVENTS, new Selector(Optional.of(0L), Optional.empty(), false)).rows()).extracting(row -> row.get(0)).containsExactly(1L);
    }

    @Test
    void aColumnAddedToTheContractOfAnAppendedProductCarriesTheOldRowsWithNulls() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n");
        applyEvents(csv, "append", "    watermark: event_at\n");
        assertThat(run(EVENTS).tableVersion()).contains(0L);

        Files.writeString(csv, "event_id,kind,event_at\n1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n"
                + "3,export,2026-01-02 08:00:00\n");
        apply("""
                  transform:
                    sql: SELECT event_id, kind, event_at, upper(kind) AS channel FROM events
                    mode: append
                    watermark: event_at
                """, "      - {name: channel, type: VARCHAR}\n", "", csv);
        RunRecord evolved = run(EVENTS);

        assertThat(evolved.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(evolved.rowsWritten()).isEqualTo(1);
        Snapshot snapshot = table().current().orElseThrow();
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.schema()).extracting(TableColumn::name).containsExactly("event_id", "kind", "event_at", "channel");
        assertThat(snapshot.rowCount()).isEqualTo(3);
        assertThat(read(EVENTS, Selector.current()).rows())
                .extracting(row -> row.get(0) + ":" + row.get(3))
                .containsExactlyInAnyOrder("1:null", "2:null", "3:EXPORT");

        // the watermark still holds: nothing new, no new version
        assertThat(run(EVENTS).tableVersion()).isEmpty();
        assertThat(table().current().map(Snapshot::version)).contains(1L);
    }

    @Test
    void aContractMismatchFailsTheRunNamingTheColumnAndPublishesNothing() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n");
        applyEvents(csv, "overwrite", "", "      - {name: region, type: VARCHAR}\n");

        RunRecord run = run(EVENTS);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).hasValueSatisfying(error -> assertThat(error).contains("region"));
        assertThat(table().current()).isEmpty();
        Path location = mesh.tables().location(mesh.products().get(EVENTS).definition());
        if (Files.exists(location)) {
            try (var files = Files.walk(location)) {
                assertThat(files.filter(f -> f.toString().endsWith(".parquet"))).isEmpty();
            }
        }
    }

    @Test
    void aNullFoundAfterTheResultWasStreamedToFilesFailsTheRunAndLeavesNoFile() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n");
        applyEvents(csv, "overwrite", "");
        RunRecord good = run(EVENTS);
        assertThat(good.tableVersion()).contains(0L);

        // the shape matches the contract, so the rows are written; only the written files' NULL counts show the fault
        apply("""
                  transform:
                    sql: SELECT CASE WHEN event_id = 2 THEN NULL ELSE event_id END AS event_id, kind, event_at FROM events
                """, "", "", csv);
        RunRecord bad = run(EVENTS);

        assertThat(bad.status()).isEqualTo(RunStatus.FAILED);
        assertThat(bad.error()).hasValueSatisfying(error ->
                assertThat(error).contains("column event_id: 1 NULL value in a non-nullable column"));
        assertThat(bad.rowsWritten()).isZero();
        assertThat(table().current().map(Snapshot::version)).contains(0L);
        assertThat(read(EVENTS, Selector.current()).totalRows()).isEqualTo(2);
        assertThat(filesOfRun(bad.runId())).isEmpty();
        assertThat(filesOfRun(good.runId())).isNotEmpty();
    }

    @Test
    void aRunPastItsTimeoutIsCancelledAndTheLastGoodSnapshotStays() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n");
        applyEvents(csv, "overwrite", "");
        assertThat(run(EVENTS).tableVersion()).contains(0L);

        applySlowEvents(csv, "1s");
        long started = System.nanoTime();
        RunRecord slow = run(EVENTS);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
        assertThat(slow.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(slow.error()).hasValueSatisfying(error -> assertThat(error).contains("timeout of 1s"));
        assertThat(table().current().map(Snapshot::version)).contains(0L);
        assertThat(read(EVENTS, Selector.current()).totalRows()).isEqualTo(1);
    }

    @Test
    void runsOfOneProductNeverOverlapAndAbandonedRunsAreClosed() throws Exception {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n");
        applySlowEvents(csv, "3s");
        CompletableFuture<RunRecord> first = CompletableFuture.supplyAsync(() -> run(EVENTS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (mesh.runs(EVENTS, 1).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThatThrownBy(() -> run(EVENTS)).isInstanceOf(RunInProgressException.class);
        assertThat(first.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.TIMED_OUT);

        // a run left "running" by a process that died is closed by the next run
        mesh.store().insertRun(RunRecord.started("abandoned-run", EVENTS, 1, RunTrigger.SCHEDULE, Instant.parse("2026-01-01T00:00:00Z")));
        run(EVENTS);
        assertThat(mesh.store().run("abandoned-run")).hasValueSatisfying(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).hasValueSatisfying(e -> assertThat(e).contains("ended before the run finished"));
        });
    }

    @Test
    void aFailedRequiredCheckPublishesNothingAndConsumersKeepTheLastGoodData() throws IOException {
        Path csv = writeEvents("1,login,2026-01-01 10:00:00\n2,query,2026-01-01 11:00:00\n3,query,2026-01-01 12:00:00\n"
                + "4,export,2026-01-01 13:00:00\n");
        apply("""
                  transform:
                    sql: SELECT event_id, kind, event_at FROM events
                """, "", """
                  quality:
                    checks:
                      - {name: known_kinds, type: accepted_values, column: kind, values: [login, query, export]}
                      - {name: has_rows, type: row_count, threshold: "> 0"}
                      - {name: volume_stable, type: row_count_change, threshold: "< 50%", severity: warn}
                """, csv);
        RunRecord good = run(EVENTS);
        assertThat(good.status()).isEqualTo(RunStatus.SUCCEEDED);
        Preview before = read(EVENTS, Selector.current());

        Files.writeString(csv, "event_id,kind,event_at\n1,login,2026-01-01 10:00:00\n2,hack,2026-01-01 11:00:00\n"
                + "3,query,2026-01-01 12:00:00\n4,export,2026-01-01 13:00:00\n");
        RunRecord bad = run(EVENTS);
        assertThat(bad.status()).isEqualTo(RunStatus.FAILED_QUALITY);
        assertThat(bad.tableVersion()).isEmpty();
        assertThat(bad.error()).hasValueSatisfying(e -> assertThat(e).contains("known_kinds"));
        Preview after = read(EVENTS, Selector.current());
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.rows()).isEqualTo(before.rows());

        var results = mesh.store().checkResults(bad.runId());
        assertThat(results).extracting(r -> r.result().name()).containsExactly("known_kinds", "has_rows", "volume_stable");
        assertThat(results.get(0).result().passed()).isFalse();
        assertThat(results.get(0).result().failingSample()).singleElement()
                .satisfies(row -> assertThat(row.get("kind")).isEqualTo("hack"));
        assertThat(mesh.qualityHistory(EVENTS, 10)).extracting(r -> r.runId()).containsOnly(good.runId(), bad.runId());
        // the bad run's rows were streamed into files before the checks read them: they are gone, directory and all
        assertThat(filesOfRun(bad.runId())).isEmpty();

        // a failing warn check is reported but does not block: half the rows is a 50% change
        Files.writeString(csv, "event_id,kind,event_at\n1,login,2026-01-01 10:00:00\n3,query,2026-01-01 12:00:00\n");
        RunRecord shrunk = run(EVENTS);
        assertThat(shrunk.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(shrunk.tableVersion()).contains(1L);
        assertThat(mesh.store().checkResults(shrunk.runId())).filteredOn(r -> r.result().name().equals("volume_stable"))
                .singleElement().satisfies(r -> assertThat(r.result().passed()).isFalse());
    }

    @Test
    void anUpstreamThatHasNotPublishedFailsTheRunClearly() {
        mesh.apply(List.of(EXAMPLES.resolve("customer"), EXAMPLES.resolve("product"), EXAMPLES.resolve("sales")), ADMIN);
        RunRecord orders = run(ProductId.parse("dp.sales.orders"));
        assertThat(orders.status()).isEqualTo(RunStatus.FAILED);
        assertThat(orders.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("dp.product.catalog, which has not published any data yet"));
    }

    /** Every file or directory under the product's table location whose name starts with the run's id. */
    private List<Path> filesOfRun(String runId) throws IOException {
        Path location = mesh.tables().location(mesh.products().get(EVENTS).definition());
        try (var paths = Files.walk(location)) {
            return paths.filter(path -> path.getFileName().toString().startsWith(runId)
                    || location.relativize(path).toString().contains(runId + "-")).toList();
        }
    }

    private ProductTable table() {
        return mesh.tables().open(mesh.products().get(EVENTS).definition());
    }

    private Path writeEvents(String rows) throws IOException {
        Path csv = directory.resolve("lab/events.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "event_id,kind,event_at\n" + rows);
        return csv;
    }

    private void applyEvents(Path csv, String mode, String watermark) throws IOException {
        applyEvents(csv, mode, watermark, "");
    }

    private void applyEvents(Path csv, String mode, String watermark, String extraColumns) throws IOException {
        apply("""
                  transform:
                    sql: SELECT event_id, kind, event_at FROM events
                    mode: %s
                %s""".formatted(mode, watermark), extraColumns, "", csv);
    }

    /** The same product with a transform that takes far longer than its timeout. */
    private void applySlowEvents(Path csv, String timeout) throws IOException {
        apply("""
                  transform:
                    sql: >-
                      SELECT e.event_id, e.kind, e.event_at FROM events e
                      WHERE (SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range * b.range = 7) < 0
                """, "", "  orchestration: {timeout: " + timeout + "}\n", csv);
    }

    private void apply(String transform, String extraColumns, String extraSpec, Path csv) throws IOException {
        Path descriptor = csv.resolveSibling("events.yaml");
        Files.writeString(descriptor, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: platform-team
                  version: 1.0.0
                  sources:
                    - name: events
                      type: csv
                      path: events.csv
                      options: {header: true}
                      columns: {event_id: BIGINT NOT NULL, kind: VARCHAR, event_at: TIMESTAMP NOT NULL}
                %s  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                      - {name: event_at, type: TIMESTAMP, nullable: false}
                %s%s""".formatted(transform, extraColumns, extraSpec));
        mesh.apply(List.of(descriptor), ADMIN);
    }
}
