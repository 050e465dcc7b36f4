package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.ProductPreview;
import org.meshwork.platform.pipeline.RunProgress;

/**
 * {@code mesh run} processes killed with SIGKILL at random moments: after every kill the product's table is at a
 * committed version whose files all exist and whose rows are complete, and the next run closes the killed run's record.
 */
class RunKillIT {
    private static final Path JAR = Path.of("target/mesh-cli.jar");
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final UserName ADMIN = UserName.of("olivia");
    private static final int TRIALS = 10;
    private static final long ORDERS_ROWS = 120;

    @TempDir
    Path directory;

    @Test
    void aKilledRunLeavesTheTableAtACommittedVersion() throws Exception {
        Path home = directory.resolve("demo");
        CliRun demo = CliRun.of(Map.of("NO_COLOR", "1"), "demo", "--no-serve", "--dir", home.toString());
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            for (String upstream : List.of("dp.product.catalog", "dp.sales.orders")) {
                assertThat(mesh.run(ProductId.parse(upstream), ADMIN, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
            }
        }

        Random random = new Random(20261124);
        int killedMidRun = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "--workspace", home.toString(), "--as", "olivia", "run", ORDERS.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("run-" + trial + ".log").toFile()).start();
            Thread.sleep(300 + random.nextInt(2200));
            boolean alive = run.isAlive();
            run.destroyForcibly();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (alive) {
                killedMidRun++;
            }
            assertCommittedAndComplete(home);
        }
        assertThat(killedMidRun).as("kills that landed while the run was going on").isGreaterThanOrEqualTo(TRIALS / 2);

        try (Mesh mesh = Mesh.open(home, Map.of())) {
            RunRecord next = mesh.run(ORDERS, ADMIN, RunProgress.NONE);
            assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(mesh.runs(ORDERS, 100)).noneMatch(run -> run.status() == RunStatus.RUNNING);
        }
    }

    private static void assertCommittedAndComplete(Path home) {
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            ProductTable table = mesh.tables().open(mesh.products().get(ORDERS).definition());
            Snapshot snapshot = table.current().orElseThrow();
            List<Path> missing = new ArrayList<>();
            snapshot.files().forEach(file -> {
                if (!Files.exists(table.location().resolve(file.path()))) {
                    missing.add(table.location().resolve(file.path()));
                }
            });
            assertThat(missing).as("files of committed version %d", snapshot.version()).isEmpty();
            assertThat(snapshot.rowCount()).isEqualTo(ORDERS_ROWS);
            ProductPreview.Preview preview = mesh.preview(ORDERS, ADMIN, ProductPreview.Selector.current(), 1);
            assertThat(preview.totalRows()).as("rows readable at version %d", snapshot.version()).isEqualTo(ORDERS_ROWS);
        }
    }
}
