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
        return run(List.of(), args);
    }

    private Result run(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
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
        Result result = run("demo", "--no-serve", "--dir", demo.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("dp.marketing.campaign-performance").contains("dp.sales.orders");
        assertThat(demo.resolve("examples/sales/data/orders.csv")).exists();
        assertThat(demo.resolve("meta.db")).exists();
        assertThat(Files.readString(demo.resolve("mesh.yaml"))).contains("marketing-domain-team");
        // every sample product is encrypted at rest under the demo workspace's own master key
        assertThat(demo.resolve("keys/master.key")).exists();
        assertThat(result.output()).contains("KEY VERSION").contains("mk-");
    }

    /**
     * DuckDB's driver unpacks its 70 MB native library into a new temporary file on every start when the library is in
     * its jar, and SQLite's unpacks its own; the packaged CLI carries DuckDB's jar without it and both libraries
     * installed beside the jars, loaded as they are.
     */
    @Test
    void theEngineLoadsItsInstalledNativeLibraryAndUnpacksNothing() throws Exception {
        Path lib = JAR.toAbsolutePath().getParent().resolve("lib");
        Path driver;
        try (var files = Files.list(lib)) {
            driver = files.filter(f -> f.getFileName().toString().startsWith("duckdb_jdbc-")).findFirst().orElseThrow();
        }
        List<String> libraries;
        try (var files = Files.list(lib)) {
            libraries = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("libduckdb_java.so_")).toList();
        }
        assertThat(libraries).as("the platform's native library beside the driver").hasSize(1);
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(driver.toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
                    .as("the driver jar without native libraries").noneMatch(n -> n.startsWith("libduckdb_java"))
                    .contains("org/duckdb/DuckDBNative.class");
        }

        Path product = directory.resolve("product");
        assertThat(run("new", "product", "launcher/sample", "--dir", product.toString()).exitCode()).isZero();
        assertThat(run("apply", "-f", product.toString()).exitCode()).isZero();
        Path temporary = Files.createDirectories(directory.resolve("tmp"));
        Result ran = run(List.of("-Xlog:library=info", "-Djava.io.tmpdir=" + temporary), "run", "dp.launcher.sample");
        assertThat(ran.exitCode()).as(ran.output()).isZero();
        assertThat(ran.output()).contains("Loaded library " + lib.resolve(libraries.get(0)));
        assertThat(ran.output()).contains("Loaded library " + lib.resolve("sqlite-native"));
        assertThat(ran.output()).as("nothing unpacked into the temporary directory")
                .doesNotContain("Loaded library " + temporary);
    }

    @Test
    void theDemoEndsByServingTheSampleMeshAndPrintsSignInLinksThatWork() throws Exception {
        assertThat(JAR).exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "demo", "--dir", directory.resolve("served").toString(), "--port", "0")
                .redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("MESH_HOME", directory.resolve("ws").toString());
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        java.util.concurrent.CompletableFuture<String> consumerLink = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> ownerLink = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("as ana, a consumer:")) {
                        consumerLink.complete(line.substring(line.indexOf("http://")).strip());
                    } else if (line.contains("as carol, owner")) {
                        ownerLink.complete(line.substring(line.indexOf("http://")).strip());
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
            consumerLink.completeExceptionally(new AssertionError("no sign-in link in the demo's output"));
            ownerLink.completeExceptionally(new AssertionError("no sign-in link in the demo's output"));
        });
        reader.start();
        try {
            String link = consumerLink.get(150, TimeUnit.SECONDS);
            assertThat(link).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=mwt_\\S+");
            assertThat(ownerLink.get(5, TimeUnit.SECONDS)).contains("?token=mwt_").isNotEqualTo(link);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient(); // never follows redirects
            var signIn = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(303);
            String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            assertThat(cookie).startsWith("mesh_session=");
            String base = link.substring(0, link.indexOf("/?token="));
            var home = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/?q=customer"))
                    .header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("id=\"signed-in-user\">ana</strong>").contains("dp.customer.360");
            // the API stays bearer-only: the UI's cookie does not open it
            var api = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/products"))
                    .header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            synchronized (output) {
                throw new AssertionError("the demo did not serve: " + output, e);
            }
        } finally {
            process.destroy(); // SIGTERM: the server drains and the workspace closes
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
