package org.meshwork.platform.alert;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.RunRecord;
import org.meshwork.platform.pipeline.RunListener;
import org.meshwork.platform.product.ProductDefinition;

/**
 * Raises an alert when a run ends {@code failed} ({@link AlertKind#RUN_FAILED}), {@code timed_out}
 * ({@link AlertKind#RUN_TIMED_OUT}) or {@code failed_quality} ({@link AlertKind#QUALITY_FAILED}, naming each failed
 * required check and what it found). Succeeded and cancelled runs raise none. The alert carries the product's
 * communication channel and on-call rotation, which route it.
 */
public final class RunAlerts implements RunListener {
    /** Detail key prefix of a failed check's message: {@code check.<name>}. */
    public static final String CHECK_PREFIX = "check.";

    private final AlertPublisher publisher;

    public RunAlerts(AlertPublisher publisher) {
        this.publisher = requireNonNull(publisher, "publisher is null");
    }

    @Override
    public void onRunFinished(RunRecord run, ProductDefinition definition, List<CheckResult> checks) {
        alert(run, definition, checks).ifPresent(publisher::publish);
    }

    /** The alert a run's end raises, if any. */
    public static Optional<Alert> alert(RunRecord run, ProductDefinition definition, List<CheckResult> checks) {
        Optional<AlertKind> kind = switch (run.status()) {
            case FAILED -> Optional.of(AlertKind.RUN_FAILED);
            case TIMED_OUT -> Optional.of(AlertKind.RUN_TIMED_OUT);
            case FAILED_QUALITY -> Optional.of(AlertKind.QUALITY_FAILED);
            case RUNNING, SUCCEEDED, CANCELLED -> Optional.empty();
        };
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Alert.RUN_ID, run.runId());
        details.put(Alert.RUN_STATUS, run.status().label());
        details.put("trigger", run.trigger().label());
        details.put("descriptor_version", Long.toString(run.descriptorVersion()));
        run.tableVersion().ifPresent(version -> details.put(Alert.TABLE_VERSION, Long.toString(version)));
        details.put("rows_read", Long.toString(run.rowsRead()));
        details.put("rows_quarantined", Long.toString(run.rowsQuarantined()));

        String title = run.productId() + ": " + switch (kind.get()) {
            case QUALITY_FAILED -> "required quality checks failed";
            case RUN_TIMED_OUT -> "run timed out";
            case RUN_FAILED, SLA_BREACHED, SLA_RECOVERED, ACCESS_REQUESTED, ACCESS_DECIDED -> "run failed";
        };
        List<CheckResult> failed = kind.get() == AlertKind.QUALITY_FAILED
                ? checks.stream().filter(CheckResult::blocksPublication).toList() : List.of();
        String message = failed.isEmpty() ? run.error().orElse(title + "; nothing was published")
                : "Nothing was published; consumers keep the last good data. Failed checks:\n"
                        + failed.stream().map(c -> "- " + c.name() + " (" + c.kind() + "): " + c.message())
                                .collect(Collectors.joining("\n"));
        if (!failed.isEmpty()) {
            details.put(Alert.FAILED_CHECKS, failed.stream().map(CheckResult::name).collect(Collectors.joining(",")));
            failed.forEach(c -> details.put(CHECK_PREFIX + c.name(), c.message()));
        }
        run.error().ifPresent(error -> details.put(Alert.ERROR, error));

        Ownership ownership = definition.product().map(DataProductDescriptor::ownership).orElse(Ownership.none());
        return Optional.of(new Alert(kind.get(), run.productId(), run.endedAt().orElse(run.startedAt()), title, message,
                details, ownership.communicationChannel(), ownership.onCallRotation()));
    }
}
