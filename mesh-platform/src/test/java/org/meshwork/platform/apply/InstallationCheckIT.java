package org.meshwork.platform.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.engine.duckdb.DuckDbEngine;
import org.meshwork.platform.Mesh;

/**
 * Apply checks {@code processing} and {@code storage.format} against this installation (DuckDB, Delta Lake), on a real
 * workspace: what cannot run is refused at apply with the field's position and what is available, an infrastructure
 * request alone is stored with a warning, and settings a single-node engine does not use are answered with warnings.
 */
class InstallationCheckIT {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");

    @TempDir
    Path directory;

    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        Path home = directory.resolve("ws");
        Files.createDirectories(home);
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                engine: {threads: 3}
                """);
        mesh = Mesh.open(home, java.util.Map.of());
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private Path product(String infrastructure) throws IOException {
        Path file = directory.resolve("events.yaml");
        Files.writeString(file, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  sources: [{name: events, type: csv, path: events.csv}]
                """ + infrastructure);
        return file;
    }

    private Path infrastructureOnly(String sections) throws IOException {
        Path file = directory.resolve("events-infrastructure.yaml");
        Files.writeString(file, """
                apiVersion: platform/v1
                kind: DataProductInfrastructure
                metadata: {name: events, namespace: lab}
                spec:
                """ + sections);
        return file;
    }

    @Test
    void aProductOnAnEngineThisInstallationLacksIsRefusedAtApplyAtTheField() throws IOException {
        Path file = product("  processing: {engine: spark, version: \"3.4\", min_workers: 2}\n");

        assertThatThrownBy(() -> mesh.apply(List.of(file), ADMIN))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .filteredOn(Problem::isError).singleElement().satisfies(problem -> {
                            assertThat(problem.format()).startsWith(file + ":9:24: error: spec.processing.engine: "
                                    + "engine 'spark' is not available in this installation (available: duckdb)");
                            assertThat(problem.message()).contains("its version, min_workers are not checked or used");
                        }));
        assertThat(mesh.store().current(ResourceKey.product(EVENTS))).isEmpty();
    }

    @Test
    void anInfrastructureRequestAloneIsStoredWithAWarningAndItsDataProductIsRefused() throws IOException {
        ApplyPlan plan = mesh.apply(List.of(infrastructureOnly("  processing: {engine: spark}\n")), ADMIN);

        assertThat(plan.warnings()).filteredOn(w -> w.path().equals("spec.processing.engine")).singleElement()
                .satisfies(warning -> assertThat(warning.message()).contains("'spark' is not available",
                        "stored as an infrastructure request", "a DataProduct for it is refused"));
        assertThat(mesh.store().current(ResourceKey.product(EVENTS))).isPresent();

        Path file = product("");
        assertThatThrownBy(() -> mesh.apply(List.of(file), ADMIN))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .filteredOn(Problem::isError).singleElement().satisfies(problem -> {
                            assertThat(problem.path()).isEqualTo("spec.processing.engine");
                            assertThat(problem.position().file()).isEqualTo(file.toString());
                            assertThat(problem.message()).contains("declared by the stored revision of dp.lab.events");
                        }));
    }

    @Test
    void aTableFormatThisInstallationLacksIsRefusedNamingWhatIsAvailable() throws IOException {
        Path file = product("  storage: {format: iceberg}\n");

        assertThatThrownBy(() -> mesh.apply(List.of(file), ADMIN))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .filteredOn(Problem::isError).singleElement().satisfies(problem -> assertThat(problem.format())
                                .startsWith(file + ":9:21: error: spec.storage.format: table format 'iceberg' is not"
                                        + " available in this installation (available: delta-lake)")));
    }

    @Test
    void theEngineVersionIsCheckedAgainstTheInstalledDuckDb() throws IOException {
        String installed = new DuckDbEngine().version();
        assertThat(installed).matches("\\d+\\.\\d+\\.\\d+.*");

        Path wrong = product("  processing: {engine: duckdb, version: \"0.8\"}\n");
        assertThatThrownBy(() -> mesh.apply(List.of(wrong), ADMIN))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .filteredOn(Problem::isError).singleElement().satisfies(problem -> {
                            assertThat(problem.path()).isEqualTo("spec.processing.version");
                            assertThat(problem.message()).contains("its duckdb is " + installed);
                        }));

        String minor = installed.substring(0, installed.indexOf('.', installed.indexOf('.') + 1));
        ApplyPlan plan = mesh.apply(List.of(product("  processing: {engine: duckdb, version: \"" + minor + "\"}\n")),
                ADMIN);
        assertThat(plan.warnings()).noneMatch(w -> w.path().startsWith("spec.processing"));
    }

    @Test
    void workerSettingsOnTheSingleNodeEngineAreAnsweredWithWhatHappensInstead() throws IOException {
        ApplyPlan plan = mesh.apply(List.of(product(
                "  processing: {engine: duckdb, auto_scaling: true, min_workers: 2, max_workers: 20}\n")), ADMIN);

        assertThat(plan.warnings()).filteredOn(w -> w.path().startsWith("spec.processing"))
                .extracting(Problem::path)
                .containsExactly("spec.processing.auto_scaling", "spec.processing.min_workers", "spec.processing.max_workers");
        assertThat(plan.warnings()).filteredOn(w -> w.path().equals("spec.processing.max_workers")).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("duckdb is a single-node engine",
                        "with 3 threads (mesh.yaml engine.threads)", "max_workers is not used"));
    }
}
