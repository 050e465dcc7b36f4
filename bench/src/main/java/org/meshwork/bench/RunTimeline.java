package org.meshwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a {@code mesh run} process's wall time went: from spawn to the run's start (JVM start-up, opening the
 * workspace, the product, authorisation, the run record), each stage the run reports ({@code mesh run --json}'s
 * {@code stages}), and from the run's end to the process's exit.
 */
final class RunTimeline {
    private RunTimeline() {}

    static List<String> lines(MeasuredProcess.Result process, JsonNode record) {
        List<String> lines = new ArrayList<>();
        Instant started = Instant.parse(record.path("started_at").asText());
        Instant ended = Instant.parse(record.path("ended_at").asText());
        lines.add(line("spawn → run started (JVM, workspace, product, run record)",
                Duration.between(process.spawned(), started)));
        Instant previous = started;
        Instant returned = ended;
        for (JsonNode stage : record.path("stages")) {
            Instant stageStarted = Instant.parse(stage.path("started_at").asText());
            if (stageStarted.isAfter(previous.plusMillis(5)) && previous.equals(started)) {
                lines.add(line("run started → first stage", Duration.between(previous, stageStarted)));
            }
            String name = stage.path("stage").asText();
            String label = name.equals("committed") ? "committed → run returned (catalog, lineage, SLA, alerts)" : name;
            lines.add(line(label, Duration.ofMillis(stage.path("millis").asLong())));
            previous = stageStarted;
            returned = stageStarted.plusMillis(stage.path("millis").asLong());
        }
        lines.add(line("run returned → process exit (output, closing, JVM exit)",
                Duration.between(returned, process.exited())));
        return lines;
    }

    private static String line(String label, Duration duration) {
        return String.format(Locale.ROOT, "    %-62s %7.2f s", label, duration.toNanos() / 1e9);
    }
}
