package org.meshwork.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.platform.Mesh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh quality}: the latest quality report of a product and the trend of each check. */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Show a data product's latest quality report (every check: measured value, expectation, result) "
                + "and each check's trend over recent runs.")
final class QualityCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--runs", defaultValue = "10", description = "How many recent runs the trend covers (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        try (Mesh opened = mesh.openMesh()) {
            List<StoredCheckResult> history = opened.qualityHistory(product.productId(), runs);
            Output output = mesh.output();
            if (format.json) {
                output.json(history.stream().map(QualityCommand::json).toList());
                return 0;
            }
            if (history.isEmpty()) {
                output.line(product.id + " has no quality results yet: declare checks under spec.quality.checks and run it.");
                return 0;
            }
            String latestRun = history.get(0).runId();
            List<StoredCheckResult> latest = history.stream().filter(r -> r.runId().equals(latestRun)).toList();
            long failed = latest.stream().filter(r -> !r.result().passed()).count();
            output.line(output.style("bold", product.id + " quality") + " — run " + latestRun + " at "
                    + latest.get(0).evaluatedAt() + ": " + (latest.size() - failed) + " of " + latest.size() + " checks passed");
            output.table(List.of("CHECK", "KIND", "SEVERITY", "RESULT", "MEASURED", "EXPECTED", "MESSAGE"),
                    latest.stream().map(stored -> {
                        CheckResult r = stored.result();
                        return List.of(r.name(), r.kind(), r.severity().label(),
                                r.passed() ? output.style("green", "pass") : output.style("bold,red", "FAIL"),
                                r.measured().map(QualityCommand::number).orElse("-"), r.expectation(), r.message());
                    }).toList());

            // trend: oldest run on the left
            Map<String, List<StoredCheckResult>> byCheck = new LinkedHashMap<>();
            for (StoredCheckResult stored : latest) {
                byCheck.put(stored.result().name(), new ArrayList<>());
            }
            for (int i = history.size() - 1; i >= 0; i--) {
                StoredCheckResult stored = history.get(i);
                byCheck.computeIfAbsent(stored.result().name(), name -> new ArrayList<>()).add(stored);
            }
            long runCount = history.stream().map(StoredCheckResult::runId).distinct().count();
            output.line();
            output.line(output.style("bold", "Trend over the last " + runCount + " runs") + " (oldest first; + pass, x fail)");
            output.table(List.of("CHECK", "RESULTS", "MEASURED"), byCheck.entrySet().stream().map(entry -> List.of(
                    entry.getKey(),
                    entry.getValue().stream().map(s -> s.result().passed() ? "+" : "x").reduce("", String::concat),
                    String.join(" ", entry.getValue().stream()
                            .map(s -> s.result().measured().map(QualityCommand::number).orElse("-")).toList())))
                    .toList());
            return 0;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }

    private static Map<String, Object> json(StoredCheckResult stored) {
        CheckResult r = stored.result();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", stored.runId());
        json.put("evaluated_at", stored.evaluatedAt().toString());
        json.put("name", r.name());
        json.put("kind", r.kind());
        json.put("severity", r.severity().label());
        json.put("passed", r.passed());
        json.put("measured", r.measured().orElse(null));
        json.put("expectation", r.expectation());
        json.put("message", r.message());
        json.put("failing_rows", r.failingRows().isPresent() ? r.failingRows().getAsLong() : null);
        json.put("failing_sample", r.failingSample());
        return json;
    }
}
