package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshwork.api.descriptor.Problem;

/**
 * Every file in {@code src/test/resources/invalid} starts with one {@code # expect: LINE | PATH | FRAGMENT} line per
 * error it must produce ({@code ...} in a fragment stands for any text); the file must produce exactly those errors.
 */
class InvalidDescriptorTest {
    private final DescriptorParser parser = new DescriptorParser();

    record Expectation(int line, String path, String fragment) {
        @Override
        public String toString() {
            return line + " | " + path + " | " + fragment;
        }
    }

    static Stream<Path> invalidFiles() throws IOException {
        try (Stream<Path> files = Files.list(DescriptorParserTest.resource("invalid"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void reportsEveryExpectedError(Path file) throws IOException {
        List<Expectation> expectations = expectations(file);
        assertThat(expectations).as("expectations in %s", file.getFileName()).isNotEmpty();

        ParsedDescriptors parsed = parser.parse(List.of(file));

        String report = parsed.problems().stream().map(Problem::format).collect(Collectors.joining("\n"));
        assertThat(parsed.hasErrors()).as(report).isTrue();
        assertThat(parsed.errors()).as(report).hasSameSizeAs(expectations);
        for (Expectation expectation : expectations) {
            assertThat(parsed.errors()).as("expected %s in\n%s", expectation, report).anySatisfy(error -> {
                assertThat(error.position().file()).isEqualTo(file.toString());
                assertThat(error.position().line()).isEqualTo(expectation.line());
                assertThat(error.path()).isEqualTo(expectation.path());
                assertThat(error.format()).containsSubsequence(expectation.fragment().split("\\.\\.\\."));
            });
        }
    }

    private static List<Expectation> expectations(Path file) throws IOException {
        List<Expectation> expectations = new ArrayList<>();
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String line : text.split("\n")) {
            if (!line.startsWith("# expect:")) {
                break;
            }
            String[] parts = line.substring("# expect:".length()).split("\\|", 3);
            expectations.add(new Expectation(Integer.parseInt(parts[0].strip()), parts[1].strip(), parts[2].strip()));
        }
        return expectations;
    }
}
