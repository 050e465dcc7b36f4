package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.store.sqlite.SqliteMetadataStore;

/**
 * Every malformed descriptor of the descriptor module's corpus, applied through the real {@code mesh apply} on a real
 * workspace: exit code 2, each expected error on stderr as {@code file:line:column: error: path: message}, and nothing
 * in the metadata store. Each corpus file starts with {@code # expect: LINE | PATH | FRAGMENT} lines.
 */
class InvalidDescriptorApplyIT {
    private static final Path CORPUS = Path.of("../mesh-descriptor/src/test/resources/invalid");

    @TempDir
    Path directory;

    static Stream<Path> malformedDescriptors() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusIsLargeEnough() throws IOException {
        assertThat(malformedDescriptors().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDescriptors")
    void isRejectedWithPositionsAndNothingIsWritten(Path file) throws IOException {
        Path workspace = directory.resolve("ws");
        CliRun apply = CliRun.of(Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1"), "apply", "-f", file.toString());

        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(2);
        assertThat(apply.err()).as(apply.toString()).contains("nothing was written");
        for (String expectation : expectations(file)) {
            String[] parts = expectation.split("\\|", 3);
            String line = parts[0].strip();
            String path = parts[1].strip();
            assertThat(apply.err()).as(apply.toString()).contains(file + ":" + line + ":");
            if (!path.isEmpty()) {
                assertThat(apply.err()).as(apply.toString()).contains(": error: " + path + ": ");
            }
        }
        try (SqliteMetadataStore store = SqliteMetadataStore.open(workspace.resolve("meta.db"))) {
            for (ResourceKind kind : ResourceKind.values()) {
                assertThat(store.list(kind)).as("%s stored after a failed apply", kind).isEmpty();
            }
        }
    }

    private static List<String> expectations(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines()
                .takeWhile(line -> line.startsWith("# expect:"))
                .map(line -> line.substring("# expect:".length()))
                .toList();
    }
}
