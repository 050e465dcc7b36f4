package org.meshwork.platform.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.store.sqlite.SqliteMetadataStore;
import org.meshwork.testing.time.MutableClock;

/** SLA monitoring of real runs (SQLite, DuckDB, Delta) on a clock the test moves. */
class SlaMonitorIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");
    private static final ProductId PLAIN = ProductId.parse("dp.lab.plain");
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(T);
    private Mesh mesh;
    private SlaMonitor monitor;
    private final List<SlaTransition> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        Workspace workspace = Workspace.openOrCreate(home);
        mesh = Mesh.open(workspace, SqliteMetadataStore.open(workspace.metadataFile()), clock);
        monitor = SlaMonitor.of(mesh);
        monitor.onTransition(heard::add);
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        mesh.close();
    }

    @Test
    void freshnessBreachesWhenNoPublishCameInTimeAndRecoversWithTheNextPublish() throws IOException {
        apply("events", "  sla: {freshness: 15min, accuracy: \"50%\"}\n", "\"> 0\"");
        assertThat(run(EVENTS).status()).isEqualTo(RunStatus.SUCCEEDED);

        clock.advance(Duration.ofMinutes(10));
        assertThat(monitor.evaluate()).isEmpty();
        SlaReport met = monitor.report(EVENTS);
        assertThat(met.objective(SlaObjective.FRESHNESS).orElseThrow().status()).isEqualTo(ObjectiveStatus.MET);
        assertThat(met.objective(SlaObjective.FRESHNESS).orElseThrow().reason())
                .isEqualTo("last published 10 min ago; SLA freshness 15min");
        assertThat(met.colour()).isEqualTo(SlaColour.GREEN);
        assertThat(met.lastPublished()).contains(T);

        clock.advance(Duration.ofMinutes(10));
        List<SlaTransition> breach = monitor.evaluate();
        assertThat(breach).singleElement().satisfies(t -> {
            assertThat(t.productId()).isEqualTo(EVENTS);
            assertThat(t.objective()).isEqualTo(SlaObjective.FRESHNESS);
            assertThat(t.change()).isEqualTo(SlaTransition.Change.BREACHED);
            assertThat(t.at()).isEqualTo(T.plus(Duration.ofMinutes(20)));
            assertThat(t.reason()).isEqualTo("last published 20 min ago; SLA freshness 15min");
        });
        assertThat(monitor.report(EVENTS).colour()).isEqualTo(SlaColour.RED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(monitor.evaluate()).isEmpty();

        assertThat(run(EVENTS).status()).isEqualTo(RunStatus.SUCCEEDED);
        List<SlaTransition> recovery = monitor.evaluate();
        assertThat(recovery).singleElement().satisfies(t -> {
            assertThat(t.objective()).isEqualTo(SlaObjective.FRESHNESS);
            assertThat(t.change()).isEqualTo(SlaTransition.Change.RECOVERED);
            assertThat(t.reason()).isEqualTo("last published 0 s ago; SLA freshness 15min");
        });
        assertThat(monitor.evaluate()).isEmpty();
        assertThat(heard).extracting(SlaTransition::change)
                .containsExactly(SlaTransition.Change.BREACHED, SlaTransition.Change.RECOVERED);

        // the history is replayed from the runs: exact instants, the same in a monitor that observed nothing
        SlaMonitor fresh = SlaMonitor.of(mesh);
        SlaReport report = fresh.report(EVENTS);
        assertThat(report.transitions()).extracting(t -> t.change() + " " + t.at()).containsExactly(
                "BREACHED " + T.plus(Duration.ofMinutes(15)), "RECOVERED " + T.plus(Duration.ofMinutes(21)));
        assertThat(report.colour()).isEqualTo(SlaColour.GREEN);
        assertThat(report.metrics().accuracy()).contains(1.0);
        assertThat(report.metrics().freshness()).hasValueSatisfying(v -> assertThat(v).isEqualTo(15.0 / 21));
    }

    @Test
    void accuracyFollowsPassingAndFailingChecksOfRealRuns() throws IOException {
        apply("events", "  sla: {accuracy: \"75%\"}\n", "\"> 2\"");
        assertThat(run(EVENTS).status()).isEqualTo(RunStatus.SUCCEEDED); // 3 rows: both checks pass
        clock.advance(Duration.ofMinutes(5));
        assertThat(monitor.evaluate()).isEmpty();

        Files.writeString(directory.resolve("lab/events.csv"), "event_id,kind\n1,login\n");
        assertThat(run(EVENTS).status()).isEqualTo(RunStatus.FAILED_QUALITY); // 1 row: row_count fails
        SlaReport report = monitor.report(EVENTS);
        ObjectiveReport accuracy = report.objective(SlaObjective.ACCURACY).orElseThrow();
        assertThat(accuracy.measured()).contains(75.0);
        assertThat(accuracy.status()).isEqualTo(ObjectiveStatus.MET);
        assertThat(report.colour()).isEqualTo(SlaColour.AMBER);
        assertThat(report.metrics().completeness()).contains(1.0); // every null_percentage measured 0%

        clock.advance(Duration.ofMinutes(5));
        assertThat(run(EVENTS).status()).isEqualTo(RunStatus.FAILED_QUALITY);
        assertThat(monitor.evaluate()).singleElement().satisfies(t -> {
            assertThat(t.objective()).isEqualTo(SlaObjective.ACCURACY);
            assertThat(t.change()).isEqualTo(SlaTransition.Change.BREACHED);
            assertThat(t.reason()).startsWith("4 of 6 check results passed in the last 7 d (66.667%)");
        });
    }

    @Test
    void aProductWithoutAnSlaHasNoStatusAndRaisesNothing() throws IOException {
        apply("plain", "", "\"> 0\"");
        assertThat(run(PLAIN).status()).isEqualTo(RunStatus.SUCCEEDED);
        clock.advance(Duration.ofDays(30));
        assertThat(monitor.evaluate()).isEmpty();
        SlaReport report = monitor.report(PLAIN);
        assertThat(report.colour()).isEqualTo(SlaColour.NO_SLA);
        assertThat(report.objectives()).isEmpty();
        assertThat(report.transitions()).isEmpty();
        assertThatThrownBy(() -> monitor.report(ProductId.parse("dp.lab.missing"))).isInstanceOf(NoSuchProductException.class);
    }

    @Test
    void theBackgroundMonitorEvaluatesPeriodicallyUntilClosed() throws Exception {
        apply("events", "  sla: {freshness: 15min}\n", "\"> 0\"");
        run(EVENTS);
        clock.advance(Duration.ofHours(1));
        monitor.start(Duration.ofMillis(20));
        assertThatThrownBy(() -> monitor.start(Duration.ofMillis(20))).isInstanceOf(IllegalStateException.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (heard.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        monitor.close();
        assertThat(heard).singleElement().satisfies(t -> assertThat(t.change()).isEqualTo(SlaTransition.Change.BREACHED));
        assertThat(monitor.observed()).containsExactlyElementsOf(heard);
    }

    private RunRecord run(ProductId id) {
        return mesh.run(id, ADMIN, RunProgress.NONE);
    }

    private void apply(String name, String sla, String rowCount) throws IOException {
        Path csv = directory.resolve("lab/events.csv");
        Files.createDirectories(csv.getParent());
        if (!Files.exists(csv)) {
            Files.writeString(csv, "event_id,kind\n1,login\n2,query\n3,query\n");
        }
        Path descriptor = csv.resolveSibling(name + ".yaml");
        Files.writeString(descriptor, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: %s, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: platform-team
                  version: 1.0.0
                %s  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                  quality:
                    checks:
                      - {name: enough_rows, type: row_count, threshold: %s}
                      - {name: kinds_present, type: null_percentage, column: kind, threshold: "< 1%%"}
                """.formatted(name, sla, rowCount));
        mesh.apply(List.of(descriptor), ADMIN);
    }
}
