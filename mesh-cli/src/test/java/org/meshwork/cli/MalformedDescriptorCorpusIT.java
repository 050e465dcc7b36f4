package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole corpus of malformed descriptors — the descriptor module's (schema and semantic errors) and this module's
 * {@code apply-refused} (what only apply can tell: an engine, engine version or table format this installation does
 * not provide) — applied one by one through the real {@code mesh apply} to a workspace holding the sample mesh: every
 * file is refused with exit code 2, each expected error on stderr as {@code file:line:column: error: path: message},
 * and {@code mesh list} prints exactly what it printed before. Each file starts with
 * {@code # expect: LINE | PATH | FRAGMENT} lines.
 */
class MalformedDescriptorCorpusIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final List<Path> CORPORA = List.of(Path.of("../mesh-descriptor/src/test/resources/invalid"),
            Path.of("src/test/resources/apply-refused"));

    @TempDir
    Path directory;

    @Test
    void everyMalformedDescriptorIsRefusedAndTheMeshIsUnchanged() throws IOException {
        Path workspace = directory.resolve("ws");
        Map<String, String> environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
        Files.createDirectories(workspace);
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), workspace.resolve("mesh.yaml"));
        CliRun sample = CliRun.of(environment, "apply", "-f", EXAMPLES.toString(), "--as", "olivia");
        assertThat(sample.exitCode()).as(sample.toString()).isZero();
        String before = CliRun.of(environment, "list").out();
        assertThat(before).contains("dp.marketing.marketing-campaign-data").contains("dp.sales.orders");

        List<Path> corpus = corpus();
        List<String> failures = new ArrayList<>();
        for (Path file : corpus) {
            CliRun apply = CliRun.of(environment, "apply", "-f", file.toString(), "--as", "olivia");
            List<String> missing = new ArrayList<>();
            if (apply.exitCode() != 2) {
                missing.add("exit code " + apply.exitCode());
            }
            if (!apply.err().contains("nothing was written")) {
                missing.add("'nothing was written'");
            }
            for (String expectation : expectations(file)) {
                String[] parts = expectation.split("\\|", 3);
                String position = file + ":" + parts[0].strip() + ":";
                String path = parts[1].strip();
                if (!apply.err().contains(position)) {
                    missing.add(position);
                }
                if (!path.isEmpty() && !apply.err().contains(": error: " + path + ": ")) {
                    missing.add("error at " + path);
                }
                for (String fragment : parts.length > 2 ? parts[2].strip().split("\\.\\.\\.") : new String[0]) {
                    if (!apply.err().contains(fragment.strip())) {
                        missing.add("'" + fragment.strip() + "'");
                    }
                }
            }
            String after = CliRun.of(environment, "list").out();
            if (!after.equals(before)) {
                missing.add("mesh list changed");
            }
            if (!missing.isEmpty()) {
                failures.add(file + ": missing " + missing + "\n" + apply);
            }
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(32);
        assertThat(failures).as("%d of %d malformed descriptors not refused as expected", failures.size(), corpus.size())
                .isEmpty();
        System.out.printf("malformed descriptors refused: %d/%d (exit 2, file:line:column, field path; mesh list"
                + " unchanged)%n", corpus.size() - failures.size(), corpus.size());
    }

    private static List<Path> corpus() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path directory : CORPORA) {
            try (Stream<Path> listed = Files.list(directory)) {
                listed.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static List<String> expectations(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines()
                .takeWhile(line -> line.startsWith("# expect:"))
                .map(line -> line.substring("# expect:".length()))
                .toList();
    }
}
