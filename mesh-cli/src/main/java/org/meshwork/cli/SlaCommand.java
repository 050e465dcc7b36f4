package org.meshwork.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.sla.DurationWords;
import org.meshwork.platform.sla.ObjectiveReport;
import org.meshwork.platform.sla.ObjectiveStatus;
import org.meshwork.platform.sla.QualityMetrics;
import org.meshwork.platform.sla.SlaColour;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.platform.sla.SlaReport;
import org.meshwork.platform.sla.SlaTransition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mesh sla}: a product's service levels now, its quality metrics and its recent breaches and recoveries. */
@Command(name = "sla", mixinStandardHelpOptions = true,
        description = "Show a data product's service levels now: each SLA objective (target, measured, met or breached "
                + "and why), the overall status, the computed quality metrics and recent breaches and recoveries.")
final class SlaCommand implements Callable<Integer> {
    private static final int SHOWN_TRANSITIONS = 20;

    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Option(names = "--window", defaultValue = "7 days", paramLabel = "DURATION",
            description = "The window availability, accuracy and the quality metrics cover, e.g. 24h, 30 days (default: ${DEFAULT-VALUE}).")
    String window;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        Duration duration = DurationSpec.parse(window).duration();
        try (Mesh opened = mesh.openMesh(); SlaMonitor monitor = SlaMonitor.of(opened, duration)) {
            SlaReport report = monitor.report(product.productId());
            Output output = mesh.output();
            if (format.json) {
                output.json(json(report));
                return 0;
            }
            if (report.colour() == SlaColour.NO_SLA) {
                output.line(output.style("bold", product.id + " SLA") + ": no SLA — declare spec.sla "
                        + "(e.g. {freshness: 15min, availability: \"99.95%\", accuracy: \"99.5%\"}) to have it monitored.");
            } else {
                output.line(output.style("bold", product.id + " SLA") + ": " + colour(output, report.colour())
                        + " at " + report.at().truncatedTo(ChronoUnit.SECONDS) + " (window: the last " + DurationWords.of(report.window()) + ")");
                output.table(List.of("OBJECTIVE", "TARGET", "MEASURED", "STATUS", "REASON"),
                        report.objectives().stream().map(o -> List.of(o.objective().label(), o.target(), o.measuredText(),
                                status(output, o.status()), o.reason())).toList());
            }
            QualityMetrics metrics = report.metrics();
            output.line();
            output.line(output.style("bold", "Quality metrics") + " (computed over the last " + DurationWords.of(report.window())
                    + ", " + metrics.checkResults() + " check results)");
            output.table(List.of("METRIC", "VALUE"), List.of(
                    List.of("completeness", fraction(metrics.completeness())),
                    List.of("freshness", fraction(metrics.freshness())),
                    List.of("accuracy", fraction(metrics.accuracy()))));
            if (report.colour() != SlaColour.NO_SLA) {
                output.line();
                List<SlaTransition> recent = recent(report);
                if (recent.isEmpty()) {
                    output.line("No breaches or recoveries in the last " + DurationWords.of(report.window()) + ".");
                } else {
                    output.line(output.style("bold", "Breaches and recoveries") + " (most recent " + recent.size() + ", oldest first)");
                    output.table(List.of("AT", "OBJECTIVE", "CHANGE", "REASON"), recent.stream().map(t -> List.of(
                            t.at().toString(), t.objective().label(), t.change().label(), t.reason())).toList());
                }
            }
            return 0;
        }
    }

    private static List<SlaTransition> recent(SlaReport report) {
        List<SlaTransition> all = report.transitions();
        return all.subList(Math.max(0, all.size() - SHOWN_TRANSITIONS), all.size());
    }

    private static String colour(Output output, SlaColour colour) {
        return switch (colour) {
            case GREEN -> output.style("bold,green", "GREEN");
            case AMBER -> output.style("bold,yellow", "AMBER");
            case RED -> output.style("bold,red", "RED");
            case NO_SLA -> "no SLA";
        };
    }

    private static String status(Output output, ObjectiveStatus status) {
        return switch (status) {
            case MET -> output.style("green", "met");
            case BREACHED -> output.style("bold,red", "BREACHED");
            case NOT_MEASURED -> "not measured";
        };
    }

    private static String fraction(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("-");
    }

    private static Map<String, Object> json(SlaReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", report.productId().toString());
        json.put("at", report.at().toString());
        json.put("window_seconds", report.window().getSeconds());
        json.put("status", report.colour().label());
        json.put("last_published", report.lastPublished().map(Object::toString).orElse(null));
        json.put("objectives", report.objectives().stream().map(SlaCommand::json).toList());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("completeness", report.metrics().completeness().orElse(null));
        metrics.put("freshness", report.metrics().freshness().orElse(null));
        metrics.put("accuracy", report.metrics().accuracy().orElse(null));
        metrics.put("check_results", report.metrics().checkResults());
        json.put("quality_metrics", metrics);
        json.put("transitions", report.transitions().stream().map(t -> {
            Map<String, Object> transition = new LinkedHashMap<>();
            transition.put("at", t.at().toString());
            transition.put("objective", t.objective().label());
            transition.put("change", t.change().label());
            transition.put("reason", t.reason());
            return transition;
        }).toList());
        return json;
    }

    private static Map<String, Object> json(ObjectiveReport objective) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("objective", objective.objective().label());
        json.put("target", objective.target());
        json.put("measured", objective.measured().orElse(null));
        json.put("status", objective.status().label());
        json.put("budget_used", objective.budgetUsed().filter(Double::isFinite).orElse(null));
        json.put("reason", objective.reason());
        return json;
    }
}
