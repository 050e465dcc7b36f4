package org.meshwork.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
        var id = product.productId();
        try (MeshClient client = mesh.client()) {
            List<Map<String, Object>> history = client.quality(id, runs);
            Output output = mesh.output();
            if (format.json) {
                output.json(history);
                return 0;
            }
            if (history.isEmpty()) {
                output.line(product.id + " has no quality results yet: declare checks under spec.quality.checks and run it.");
                return 0;
            }
            String latestRun = Documents.text(history.get(0), "run_id");
            List<Map<String, Object>> latest = history.stream().filter(r -> Documents.text(r, "run_id").equals(latestRun)).toList();
            long failed = latest.stream().filter(r -> !passed(r)).count();
            output.line(output.style("bold", product.id + " quality") + " — run " + latestRun + " at "
                    + Documents.text(latest.get(0), "evaluated_at") + ": " + (latest.size() - failed) + " of "
                    + latest.size() + " checks passed");
            output.table(List.of("CHECK", "KIND", "SEVERITY", "RESULT", "MEASURED", "EXPECTED", "MESSAGE"),
                    latest.stream().map(r -> List.of(Documents.text(r, "name"), Documents.text(r, "kind"),
                            Documents.text(r, "severity"),
                            passed(r) ? output.style("green", "pass") : output.style("bold,red", "FAIL"),
                            measured(r), Documents.text(r, "expectation"), Documents.text(r, "message"))).toList());

            // trend: oldest run on the left
            Map<String, List<Map<String, Object>>> byCheck = new LinkedHashMap<>();
            for (Map<String, Object> result : latest) {
                byCheck.put(Documents.text(result, "name"), new ArrayList<>());
            }
            for (int i = history.size() - 1; i >= 0; i--) {
                Map<String, Object> result = history.get(i);
                byCheck.computeIfAbsent(Documents.text(result, "name"), name -> new ArrayList<>()).add(result);
            }
            long runCount = history.stream().map(r -> Documents.text(r, "run_id")).distinct().count();
            output.line();
            output.line(output.style("bold", "Trend over the last " + runCount + " runs") + " (oldest first; + pass, x fail)");
            output.table(List.of("CHECK", "RESULTS", "MEASURED"), byCheck.entrySet().stream().map(entry -> List.of(
                    entry.getKey(),
                    entry.getValue().stream().map(r -> passed(r) ? "+" : "x").reduce("", String::concat),
                    String.join(" ", entry.getValue().stream().map(QualityCommand::measured).toList())))
                    .toList());
            return 0;
        }
    }

    private static boolean passed(Map<String, Object> result) {
        return Boolean.TRUE.equals(result.get("passed"));
    }

    private static String measured(Map<String, Object> result) {
        Object value = result.get("measured");
        return value instanceof Number number ? Documents.number(number.doubleValue()) : "-";
    }
}
