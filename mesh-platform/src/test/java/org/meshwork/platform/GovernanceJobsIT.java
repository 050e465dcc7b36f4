package org.meshwork.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.pipeline.RunProgress;

/**
 * The jobs {@code mesh serve} hosts, on the real stack: the continuous policy evaluation records compliance and the
 * retention job deletes expired rows in a new snapshot, each on its interval; closing stops both.
 */
class GovernanceJobsIT {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path directory;

    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [carol]}
                """);
        mesh = Mesh.open(home, Map.of());
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Files.writeString(directory.resolve("events.csv"), "event_id,event_at\n1," + TS.format(now.minusDays(400))
                + "\n2," + TS.format(now.minusHours(2)) + "\n3," + TS.format(now.minusHours(3)) + "\n");
        Path file = directory.resolve("events.yaml");
        Files.writeString(file, """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {description: Lab, owner_team: lab-team}
                ---
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: has-retention}
                spec:
                  description: every product declares a retention
                  enforcement: recommended
                  stage: continuous
                  rule: "has(product.spec.retention_period_days)"
                  message: declare retention_period_days
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  retention_period_days: 30
                  storage: {event_time_column: event_at}
                  sources:
                    - {name: events, type: csv, path: events.csv, columns: {event_id: BIGINT NOT NULL, event_at: TIMESTAMP}}
                  transform: {sql: "SELECT event_id, event_at FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: event_at, type: TIMESTAMP}
                """);
        mesh.apply(List.of(file), ADMIN);
        assertThat(mesh.run(EVENTS, ADMIN, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void bothJobsRunOnTheirIntervalsAndStopOnClose() throws Exception {
        assertThat(mesh.policies().compliance().of(EVENTS)).isEmpty();
        long before = mesh.tables().open(mesh.products().get(EVENTS).definition()).current().orElseThrow().version();

        GovernanceJobs jobs = new GovernanceJobs(mesh, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(30));
        try (jobs) {
            jobs.start();
            await("the continuous evaluation recorded compliance", () -> !mesh.policies().compliance().of(EVENTS).isEmpty());
            await("two retention passes ran", () -> jobs.retentionPasses() >= 2);
            await("several policy passes ran", () -> jobs.policyPasses() >= 3);
        }
        assertThat(mesh.policies().compliance().of(EVENTS)).singleElement()
                .satisfies(record -> assertThat(record.evaluatedIn()).isEqualTo(PolicyStage.CONTINUOUS));
        var snapshot = mesh.tables().open(mesh.products().get(EVENTS).definition()).current().orElseThrow();
        assertThat(snapshot.version()).isGreaterThan(before);
        assertThat(snapshot.info()).containsEntry("operation", "retention");

        long policyPasses = jobs.policyPasses();
        long retentionPasses = jobs.retentionPasses();
        Thread.sleep(300);
        assertThat(jobs.policyPasses()).isEqualTo(policyPasses);
        assertThat(jobs.retentionPasses()).isEqualTo(retentionPasses);
        assertThatThrownBy(jobs::start).isInstanceOf(IllegalStateException.class);
    }
}
