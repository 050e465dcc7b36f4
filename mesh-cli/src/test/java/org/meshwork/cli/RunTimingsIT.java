package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh run --json} says where a run's time went: each stage with its start and length, in order. */
class RunTimingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void theRunRecordCarriesItsStagesInOrderWithinTheRun() throws Exception {
        Map<String, String> environment = Map.of("MESH_HOME", directory.resolve("ws").toString(), "NO_COLOR", "1");
        Path product = directory.resolve("product");
        assertThat(CliRun.of(environment, "new", "product", "timing/sample", "--dir", product.toString()).exitCode())
                .isZero();
        assertThat(CliRun.of(environment, "apply", "-f", product.toString()).exitCode()).isZero();

        CliRun run = CliRun.of(environment, "run", "dp.timing.sample", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode record = JSON.readTree(run.out());
        List<String> names = new ArrayList<>();
        record.get("stages").forEach(stage -> names.add(stage.get("stage").asText()));
        assertThat(names).first().asString().startsWith("load ");
        assertThat(names).contains("transform and write", "quality checks", "commit").last().isEqualTo("committed");
        assertThat(names.indexOf("commit")).isGreaterThan(names.indexOf("transform and write"));

        Instant runStarted = Instant.parse(record.get("started_at").asText());
        Instant previous = runStarted;
        long total = 0;
        for (JsonNode stage : record.get("stages")) {
            Instant started = Instant.parse(stage.get("started_at").asText());
            assertThat(started).as(stage.toString()).isAfterOrEqualTo(previous);
            assertThat(stage.get("millis").asLong()).as(stage.toString()).isNotNegative();
            total += stage.get("millis").asLong();
            previous = started;
        }
        Instant runEnded = Instant.parse(record.get("ended_at").asText());
        assertThat(Duration.ofMillis(total)).as("the stages fit in the run")
                .isLessThanOrEqualTo(Duration.between(runStarted, runEnded).plusMillis(50));
    }
}
