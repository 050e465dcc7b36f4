package org.meshwork.platform.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.StoredResource;
import org.meshwork.platform.Mesh;

/**
 * Two OS processes apply different changes to the same product against the same revision at the same moment:
 * exactly one commit wins, the other gets a conflict, and the store holds the winner's content and nothing of the
 * loser's.
 */
class ConcurrentApplyIT {
    private static final ProductId PRODUCT = ProductId.parse("dp.sales.orders");
    private static final int ROUNDS = 3;

    @TempDir
    Path directory;

    @Test
    void exactlyOneOfTwoConcurrentAppliesWins() throws Exception {
        Path home = directory.resolve("ws");
        try (Mesh mesh = Mesh.open(home)) {
            mesh.apply(List.of(descriptor("initial", "base")), mesh.workspace().config().defaultUser());
        }

        for (int round = 1; round <= ROUNDS; round++) {
            Path signals = Files.createDirectories(directory.resolve("signals-" + round));
            Path left = descriptor("left-" + round, "left " + round);
            Path right = descriptor("right-" + round, "right " + round);
            Process first = racer(home, left, signals, "left");
            Process second = racer(home, right, signals, "right");
            awaitFile(signals.resolve("left.planned"), first);
            awaitFile(signals.resolve("right.planned"), second);
            Files.createFile(signals.resolve("go"));

            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<Integer> codes = List.of(first.exitValue(), second.exitValue());
            assertThat(codes).as("round %d: outputs %s / %s", round, output(first), output(second))
                    .containsExactlyInAnyOrder(0, ApplyRacer.EXIT_CONFLICT);
            String winner = first.exitValue() == 0 ? "left " + round : "right " + round;
            String loser = first.exitValue() == 0 ? "right " + round : "left " + round;

            try (Mesh mesh = Mesh.open(home)) {
                List<StoredResource> history = mesh.history(PRODUCT);
                assertThat(history).hasSize(round + 1);
                assertThat(mesh.products().get(PRODUCT).definition().description()).isEqualTo(winner);
                assertThat(history).noneMatch(version -> version.document().contains(loser));
            }
        }
    }

    private Path descriptor(String file, String description) throws IOException {
        Path path = directory.resolve(file + ".yaml");
        Files.writeString(path, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: orders, namespace: sales}
                spec:
                  display_name: Orders
                  description: %s
                  owner_team: sales-domain-team
                  version: 1.0.0
                """.formatted(description));
        return path;
    }

    private static Process racer(Path home, Path descriptor, Path signals, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ApplyRacer.class.getName());
        command.addAll(List.of(home.toString(), descriptor.toString(), signals.toString(), name));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitFile(Path file, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("racer exited early: " + output(process));
            }
            assertThat(System.nanoTime()).as("waiting for %s", file).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
