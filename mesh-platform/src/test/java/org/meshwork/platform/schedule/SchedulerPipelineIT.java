package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.ProductPreview;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.store.sqlite.SqliteMetadataStore;
import org.meshwork.testing.time.MutableClock;

/**
 * The scheduler driving real pipeline runs (SQLite, DuckDB, Delta) on a controllable clock: a cron-scheduled product
 * runs when its fire time passes, once after missed fire times, and its successful run triggers the product that reads
 * it.
 */
class SchedulerPipelineIT {
    private static final ProductId SOURCE = ProductId.parse("dp.lab.readings");
    private static final ProductId DERIVED = ProductId.parse("dp.lab.hourly");
    private static final UserName ADMIN = UserName.of("olivia");

    @TempDir
    Path directory;

    @Test
    void cronRunsAndUpstreamTriggersUseTheRealPipeline() throws Exception {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(Path.of("../examples/.meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        Path descriptors = Files.createDirectories(directory.resolve("lab"));
        Files.writeString(descriptors.resolve("readings.csv"), "sensor,value\na,1\nb,2\na,3\n");
        Files.writeString(descriptors.resolve("products.yaml"), """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: readings, namespace: lab}
                spec:
                  description: Sensor readings
                  owner_team: platform-team
                  version: 1.0.0
                  sources:
                    - {name: raw, type: csv, path: readings.csv, options: {header: true}, columns: {sensor: VARCHAR NOT NULL, value: BIGINT}}
                  orchestration: {schedule: "0 * * * *", timeout: 5min}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: hourly, namespace: lab}
                spec:
                  description: Readings per sensor
                  owner_team: platform-team
                  version: 1.0.0
                  sources:
                    - {name: readings, type: product, product: dp.lab.readings}
                  transform:
                    sql: SELECT sensor, sum(value) AS total FROM readings GROUP BY sensor
                """);
        MutableClock clock = MutableClock.at("2026-11-24T10:30:00Z");
        try (Mesh mesh = Mesh.open(Workspace.openOrCreate(home), SqliteMetadataStore.open(home.resolve("meta.db")), clock);
                Scheduler scheduler = mesh.scheduler(2)) {
            mesh.apply(List.of(descriptors), ADMIN);

            scheduler.runDue(clock.instant());
            assertThat(scheduler.awaitIdle(Duration.ofMinutes(1))).isTrue();
            assertThat(mesh.runs(SOURCE, 10)).as("no fire time since the product was applied").isEmpty();

            clock.set("2026-11-24T11:02:00Z");
            scheduler.runDue(clock.instant());
            assertThat(scheduler.awaitIdle(Duration.ofMinutes(1))).isTrue();
            assertThat(mesh.runs(SOURCE, 10)).singleElement().satisfies(run -> {
                assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE);
                assertThat(run.status()).as("%s", run.error()).isEqualTo(RunStatus.SUCCEEDED);
            });
            assertThat(mesh.runs(DERIVED, 10)).singleElement().satisfies(run -> {
                assertThat(run.trigger()).isEqualTo(RunTrigger.UPSTREAM);
                assertThat(run.status()).as("%s", run.error()).isEqualTo(RunStatus.SUCCEEDED);
            });
            assertThat(mesh.preview(DERIVED, ADMIN, ProductPreview.Selector.current(), 10).totalRows()).isEqualTo(2);

            clock.set("2026-11-24T11:03:00Z");
            scheduler.runDue(clock.instant());
            assertThat(scheduler.awaitIdle(Duration.ofMinutes(1))).isTrue();
            assertThat(mesh.runs(SOURCE, 10)).hasSize(1);

            // down from 11:03 to 14:10: the 12:00, 13:00 and 14:00 fire times were missed; the product runs once
            clock.set("2026-11-24T14:10:00Z");
            scheduler.runDue(clock.instant());
            assertThat(scheduler.awaitIdle(Duration.ofMinutes(1))).isTrue();
            List<RunRecord> runs = mesh.runs(SOURCE, 10);
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).tableVersion()).contains(1L);
            assertThat(mesh.runs(DERIVED, 10)).hasSize(2);
        }
    }
}
