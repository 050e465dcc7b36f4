package org.meshwork.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's test command is the one thing a contributor types and the one thing CI runs: {@code .ci/run} runs
 * exactly it, and it provisions what the integration tests need ({@code .ci/provision.sh}) before the build starts.
 */
class TestCommandTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String TEST_COMMAND = "./mvnw verify";

    @Test
    void theReadmeQuickStartGivesTheTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher quickStart = Pattern.compile("## Quick start.*?```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(quickStart.find()).as("README.md has a Quick start with a bash block").isTrue();
        List<String> commands = quickStart.group(1).lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
        assertThat(commands).as("the quick start's two commands: the demo and the tests")
                .containsExactly("./mesh demo", TEST_COMMAND);
    }

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        List<String> commands = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("set ")
                        && !line.startsWith("cd "))
                .collect(Collectors.toList());
        assertThat(commands).as(".ci/run runs the README's test command and nothing else (-B: a plain log)")
                .containsExactly("exec ./mvnw -B verify");
    }

    @Test
    void theTestCommandProvisionsThePrerequisitesFirst() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher execution = Pattern.compile(
                "<artifactId>maven-antrun-plugin</artifactId>\\s*<inherited>false</inherited>.*?"
                        + "<id>provision-test-prerequisites</id>\\s*<phase>([^<]+)</phase>.*?</execution>",
                Pattern.DOTALL).matcher(pom);
        assertThat(execution.find()).as("the root pom runs .ci/provision.sh, in the root project only").isTrue();
        assertThat(execution.group(1)).as("bound where `verify` reaches it before any module builds, and "
                + "`package` (the demo's build) does not").isEqualTo("pre-integration-test");
        assertThat(execution.group()).contains("${project.basedir}/.ci/provision.sh")
                .contains("${skipTests}", "${skipITs}", "${maven.test.skip}");
        Path script = ROOT.resolve(".ci/provision.sh");
        assertThat(script).isExecutable();
        assertThat(Files.readString(script)).contains("chromium chromium-driver", ".ci/postgres.sh");
    }
}
