package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh export airflow ID} on the guide's infrastructure (orchestration.tool: airflow): a DAG file that Python
 * compiles, runs {@code mesh run ID} on the product's schedule; products Meshwork schedules itself are refused.
 */
class ExportAirflowIT {
    private static final Path GUIDE = Path.of("../examples/marketing/marketing-campaign-data.yaml");
    private static final String GUIDE_ID = "dp.marketing.marketing-campaign-data";

    @TempDir
    Path directory;

    @Test
    void theGuidesProductExportsADagThatPythonCompiles() throws Exception {
        Path workspace = directory.resolve("ws");
        Map<String, String> environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
        CliRun apply = CliRun.of(environment, "apply", "-f", GUIDE.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("warning: spec.orchestration.tool: Meshwork's scheduler leaves this product"
                + " to Airflow: `mesh export airflow " + GUIDE_ID + "`");

        Path dag = directory.resolve("dags/marketing_campaign_data.py");
        CliRun export = CliRun.of(environment, "export", "airflow", GUIDE_ID, "-o", dag.toString(),
                "--mesh-command", "/opt/meshwork/mesh", "--run-as", "maria");
        assertThat(export.exitCode()).as(export.toString()).isZero();

        String python = Files.readString(dag);
        assertThat(python)
                .contains("dag_id=\"" + GUIDE_ID + "\"")
                .contains("schedule=\"0 */6 * * *\"")
                .contains("bash_command=\"/opt/meshwork/mesh --workspace " + workspace.toAbsolutePath().normalize()
                        + " --as maria run " + GUIDE_ID + "\"")
                .contains("execution_timeout=timedelta(seconds=" + (4 * 3600 + 60) + ")");
        Process compile = new ProcessBuilder("python3", "-m", "py_compile", dag.toString()).redirectErrorStream(true).start();
        assertThat(compile.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compile.exitValue()).as(output).isZero();

        CliRun printed = CliRun.of(environment, "export", "airflow", GUIDE_ID, "--run-as", "maria",
                "--mesh-command", "/opt/meshwork/mesh");
        assertThat(printed.out()).isEqualTo(python);
    }

    @Test
    void aProductMeshworkSchedulesItselfOrAnotherToolIsRefused() throws IOException {
        Path workspace = directory.resolve("ws");
        Map<String, String> environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
        Path product = directory.resolve("own.yaml");
        Files.writeString(product, Files.readString(GUIDE).replace("tool: \"airflow\"", "tool: \"meshwork\""));
        assertThat(CliRun.of(environment, "apply", "-f", product.toString()).exitCode()).isZero();

        CliRun own = CliRun.of(environment, "export", "airflow", GUIDE_ID);
        assertThat(own.exitCode()).isEqualTo(2);
        assertThat(own.err()).contains("is run by Meshwork's scheduler");

        CliRun dagster = CliRun.of(environment, "export", "dagster", GUIDE_ID);
        assertThat(dagster.exitCode()).isEqualTo(2);
        assertThat(dagster.err()).contains("the only tool is airflow");
    }
}
