package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.testing.product.GeneratedRowsProduct;

/**
 * Issue 5's must-show over HTTP: {@code mesh serve} runs as its own JVM with a 64 MB heap (and
 * {@code -XX:+ExitOnOutOfMemoryError}, so buffering a result would kill it) and streams a 3-million-row product — far
 * larger than its heap as NDJSON and as CSV — through {@code /api/v1/products/{id}/data} and {@code /api/v1/sql}. The
 * client counts rows and bytes as they arrive; afterwards the server still answers {@code /health} and stops cleanly.
 */
class ServedStreamingIT {
    private static final Path JAR = Path.of("target/mesh-cli.jar");
    private static final ProductId BIG = ProductId.parse(GeneratedRowsProduct.ID);
    private static final long ROWS = 3_000_000;
    private static final long HEAP = 64L * 1024 * 1024;
    private static final Pattern LISTENING = Pattern.compile("on (http://[^ ]+)/api/v1");

    @TempDir
    Path directory;

    private Process server;
    private final StringBuffer serverOutput = new StringBuffer();
    private String token;

    @BeforeEach
    void publishAndServe() throws Exception {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: dev
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [olivia]}
                engine: {memory_limit: 1GB, threads: 2}
                serving: {row_limit: 10000000}
                """);
        Path big = GeneratedRowsProduct.write(directory.resolve("lab"), ROWS);
        UserName olivia = UserName.of("olivia");
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            mesh.apply(List.of(big), olivia);
            RunRecord run = mesh.run(BIG, olivia, RunProgress.NONE);
            assertThat(run.status()).as(run.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
            token = mesh.access().createToken(mesh.principal(olivia), olivia, Optional.empty(), Optional.empty()).text();
        }
        assertThat(JAR).exists();
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR.toString(), "--workspace", home.toString(),
                "--no-color", "serve", "--port", "0")
                .redirectErrorStream(true).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(600)
    void resultsLargerThanTheServersHeapStreamAsNdjsonAndCsvFromDataAndSql() throws Exception {
        String base = awaitListening();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String data = base + "/api/v1/products/" + BIG + "/data";
        String sql = "{\"sql\": \"SELECT id, name, amount FROM \\\"" + BIG + "\\\"\"}";
        List<Counted> results = new ArrayList<>();
        results.add(count(http, HttpRequest.newBuilder(URI.create(data + "?format=ndjson")), "data ndjson"));
        results.add(count(http, HttpRequest.newBuilder(URI.create(data)).header("Accept", "text/csv"), "data csv"));
        results.add(count(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/sql"))
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(sql)), "sql ndjson"));
        results.add(count(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/sql?format=csv"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(sql)), "sql csv"));

        for (Counted result : results) {
            System.out.println(result);
            boolean csv = result.what().endsWith("csv");
            assertThat(result.lines()).as(result.what()).isEqualTo(csv ? ROWS + 1 : ROWS);
            assertThat(result.firstLine()).as(result.what()).isEqualTo(csv ? "id,name,amount"
                    : "{\"id\":0,\"name\":\"name-0\",\"amount\":0.0}");
            assertThat(result.lastLine()).as(result.what()).contains("name-" + (ROWS - 1));
            assertThat(result.bytes()).as(result.what() + ": the result is larger than the server's heap")
                    .isGreaterThan(HEAP);
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(server.isAlive()).as(serverOutput.toString()).isTrue();
        server.destroy(); // SIGTERM: the graceful stop
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serverOutput.toString()).doesNotContain("OutOfMemoryError").doesNotContain("Terminating due to");
    }

    private record Counted(String what, long lines, long bytes, String firstLine, String lastLine, long millis) {
        @Override
        public String toString() {
            return String.format("%-11s %,d lines, %,d bytes in %,d ms", what, lines, bytes, millis);
        }
    }

    /** Reads the body as it arrives, keeping only the counts and the first and last line. */
    private Counted count(HttpClient http, HttpRequest.Builder request, String what) throws Exception {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new AssertionError(what + ": " + response.statusCode() + " "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[1 << 16];
            long bytes = 0;
            long lines = 0;
            StringBuilder first = new StringBuilder();
            StringBuilder current = new StringBuilder();
            String last = "";
            boolean inFirst = true;
            for (int read; (read = body.read(buffer)) >= 0; ) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    char c = (char) (buffer[i] & 0xff);
                    if (c == '\n') {
                        lines++;
                        if (inFirst) {
                            inFirst = false;
                        }
                        last = current.toString();
                        current.setLength(0);
                    } else {
                        if (inFirst) {
                            first.append(c);
                        }
                        if (current.length() < 200) {
                            current.append(c);
                        }
                    }
                }
            }
            if (current.length() > 0) {
                lines++;
                last = current.toString();
            }
            return new Counted(what, lines, bytes, first.toString().strip(), last.strip(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private String awaitListening() throws Exception {
        CompletableFuture<String> base = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    serverOutput.append(line).append('\n');
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        base.complete(matcher.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the server ended
            }
            base.completeExceptionally(new AssertionError("mesh serve ended without listening:\n" + serverOutput));
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        return base.get(120, TimeUnit.SECONDS);
    }
}
