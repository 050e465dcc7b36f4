package org.meshwork.platform.sla;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One objective of a product's SLA, measured.
 *
 * @param target the declared target as written, e.g. {@code 15min}, {@code 99.95%}
 * @param measured the measured value: seconds since the last publish for freshness, a percentage (0–100) for
 *     availability and accuracy; empty when not measured (never published, no check results)
 * @param measuredText the measured value for people, e.g. {@code 3 h 12 min}, {@code 99.2%}
 * @param budgetUsed the share of the objective's budget used: age / target for freshness, shortfall from 100% /
 *     (100% − target) for percentages; 1 or more is a breach; empty when not measured
 * @param reason the measurement and the target in words
 */
public record ObjectiveReport(
        SlaObjective objective,
        String target,
        Optional<Double> measured,
        String measuredText,
        ObjectiveStatus status,
        Optional<Double> budgetUsed,
        String reason) {

    public ObjectiveReport {
        requireNonNull(objective, "objective is null");
        requireNonNull(target, "target is null");
        requireNonNull(measured, "measured is null");
        requireNonNull(measuredText, "measuredText is null");
        requireNonNull(status, "status is null");
        requireNonNull(budgetUsed, "budgetUsed is null");
        requireNonNull(reason, "reason is null");
    }
}
