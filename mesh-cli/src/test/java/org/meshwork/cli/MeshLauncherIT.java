package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged CLI as users run it: {@code java -jar mesh-cli.jar}, a separate process, the bundled sample mesh. */
class MeshLauncherIT {
    private static final Path JAR = Path.of("target/mesh-cli.jar");

    @TempDir
    Path directory;

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("MESH_HOME", directory.resolve("ws").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {}

    @Test
    void thePackagedCommandRunsTheDemoFromItsBundledSampleMesh() throws Exception {
        assertThat(JAR).exists();
        Result version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).contains("Meshwork 0.1.0-SNAPSHOT");

        Path demo = directory.resolve("demo");
        Result result = run("demo", "--dir", demo.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("dp.marketing.campaign-performance").contains("dp.sales.orders");
        assertThat(demo.resolve("examples/sales/data/orders.csv")).exists();
        assertThat(demo.resolve("meta.db")).exists();
        assertThat(Files.readString(demo.resolve("mesh.yaml"))).contains("marketing-domain-team");
    }
}
