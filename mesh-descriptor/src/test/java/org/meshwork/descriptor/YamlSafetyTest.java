package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.descriptor.Problem;

class YamlSafetyTest {
    private final DescriptorParser parser = new DescriptorParser();

    @TempDir
    Path directory;

    @Test
    void billionLaughsFailsInMilliseconds() throws IOException {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++) {
            yaml.append("a").append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }
        parser.parse("warmup.yaml", "a: 1\n", null);

        long start = System.nanoTime();
        ParsedDescriptors parsed = parser.parse("bomb.yaml", yaml.toString(), null);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(parsed.errors()).singleElement().extracting(Problem::message).asString().contains("alias bomb");
        assertThat(elapsed).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aliasesWithinTheLimitStillCannotExpandWithoutBound() {
        DescriptorParser strict = new DescriptorParser(new DescriptorLimits(1 << 20, 50, 50, 1_000));
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 5; level++) {
            yaml.append("a").append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }

        ParsedDescriptors parsed = strict.parse("bomb.yaml", yaml.toString(), null);

        assertThat(parsed.errors()).singleElement().extracting(Problem::message).asString().contains("more than 1000 nodes");
    }

    @Test
    void hugeFileIsRefusedBeforeParsing() throws IOException {
        Path huge = directory.resolve("huge.yaml");
        String line = "# " + "x".repeat(1022) + "\n";
        Files.writeString(huge, line.repeat(3 * 1024 + 1));

        long start = System.nanoTime();
        ParsedDescriptors parsed = parser.parse(List.of(huge));

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.position().line()).isEqualTo(1);
            assertThat(error.message()).contains("larger than the limit of 3145728 bytes");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void hugeContentIsRefused() {
        ParsedDescriptors parsed = parser.parse("huge.yaml", "a: " + "x".repeat(DescriptorLimits.MAX_FILE_BYTES_DEFAULT), null);

        assertThat(parsed.errors()).singleElement().extracting(Problem::message).asString().contains("more than 3145728 characters");
    }

    @Test
    void recursiveAliasIsAnError() {
        ParsedDescriptors parsed = parser.parse("loop.yaml", "a: &a [1, *a]\n", null);

        assertThat(parsed.errors()).isNotEmpty();
        assertThat(parsed.errors().get(0).format()).containsAnyOf("recursive", "alias");
    }

    @Test
    void customTagsAreRefused() {
        ParsedDescriptors parsed = parser.parse("tag.yaml", "apiVersion: !!binary aGVsbG8=\n", null);

        assertThat(parsed.errors()).extracting(Problem::path).contains("apiVersion");
        assertThat(parsed.errors().get(0).message()).contains("tag");
    }
}
