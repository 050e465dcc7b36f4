package org.meshwork.platform.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.StoredCheckResult;

/**
 * The guide's {@code quality_metrics} of a product, each a fraction between 0 and 1, computed from what the platform
 * recorded in a window {@code (from, to]} — never typed in. Empty when there is nothing to compute it from.
 *
 * <ul>
 *   <li><b>completeness</b> = 1 − the mean NULL share measured by the window's {@code null_percentage} results
 *       (measured / 100, averaged over every result of every run in the window). A product without
 *       {@code null_percentage} checks: the share of its {@code not_null} results that passed. Neither: empty.
 *   <li><b>freshness</b> = the share of the window in which the product was fresh per its SLA freshness (see
 *       {@link SlaEvaluator#freshShare}): the same measure as SLA availability. Empty without an SLA freshness or
 *       before the first publish.
 *   <li><b>accuracy</b> = the share of the window's check results that passed, every kind and severity, each result
 *       counted once. Empty when the window holds no results.
 * </ul>
 *
 * @param checkResults how many check results the window holds
 */
public record QualityMetrics(
        Instant from,
        Instant to,
        Optional<Double> completeness,
        Optional<Double> freshness,
        Optional<Double> accuracy,
        int checkResults) {

    static final String NULL_PERCENTAGE = "null_percentage";
    static final String NOT_NULL = "not_null";

    /** The metrics of the results evaluated in {@code (from, to]}, with {@code freshness} computed by the caller. */
    static QualityMetrics compute(List<StoredCheckResult> results, Optional<Double> freshness, Instant from, Instant to) {
        List<CheckResult> window = inWindow(results, from, to);
        return new QualityMetrics(from, to, completeness(window), freshness, accuracy(window), window.size());
    }

    static List<CheckResult> inWindow(List<StoredCheckResult> results, Instant from, Instant to) {
        return results.stream()
                .filter(r -> r.evaluatedAt().isAfter(from) && !r.evaluatedAt().isAfter(to))
                .map(StoredCheckResult::result)
                .toList();
    }

    static Optional<Double> completeness(List<CheckResult> results) {
        List<Double> nullShares = results.stream()
                .filter(r -> r.kind().equals(NULL_PERCENTAGE))
                .flatMap(r -> r.measured().stream())
                .map(percent -> Math.min(100.0, Math.max(0.0, percent)) / 100.0)
                .toList();
        if (!nullShares.isEmpty()) {
            return Optional.of(1.0 - nullShares.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        }
        return passingShare(results.stream().filter(r -> r.kind().equals(NOT_NULL)).toList());
    }

    static Optional<Double> accuracy(List<CheckResult> results) {
        return passingShare(results);
    }

    private static Optional<Double> passingShare(List<CheckResult> results) {
        if (results.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((double) results.stream().filter(CheckResult::passed).count() / results.size());
    }

    /** The window's length. */
    public Duration window() {
        return Duration.between(from, to);
    }
}
