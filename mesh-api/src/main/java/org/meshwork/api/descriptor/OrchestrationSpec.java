package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * When a product runs (the guide's {@code orchestration}): a five-field cron {@code schedule}, a {@code timeout} after which a
 * run is cancelled and publishes nothing, and how often a failed run is retried. {@code tool} is who runs it:
 * {@code meshwork} (default, its own scheduler) or {@code airflow} (the DAG {@code mesh export airflow} writes).
 */
public record OrchestrationSpec(
        Optional<String> tool,
        Optional<String> schedule,
        Optional<DurationSpec> timeout,
        Optional<Integer> retries,
        Optional<DurationSpec> retryBackoff) {

    public OrchestrationSpec {
        requireNonNull(tool, "tool is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(retries, "retries is null");
        requireNonNull(retryBackoff, "retryBackoff is null");
    }
}
