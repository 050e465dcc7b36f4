package org.meshwork.platform.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.Percentage;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.StoredCheckResult;

/** The pure SLA and quality-metric calculations, on hand-built publishes and check results. */
class SlaEvaluatorTest {
    private static final ProductId ID = ProductId.parse("dp.lab.events");
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final SlaEvaluator DAY = new SlaEvaluator(Duration.ofDays(1), 0.8);

    @Test
    void freshnessIsTheTimeSinceTheLastPublishAndBreachesAtTheTarget() {
        ProductActivity activity = new ProductActivity(List.of(T.minusSeconds(3600), T), List.of());
        Sla sla = sla("15min", null, null);

        SlaReport met = DAY.evaluate(ID, sla, activity, T.plus(Duration.ofMinutes(10)), List.of());
        ObjectiveReport freshness = met.objective(SlaObjective.FRESHNESS).orElseThrow();
        assertThat(freshness.status()).isEqualTo(ObjectiveStatus.MET);
        assertThat(freshness.measured()).contains(600.0);
        assertThat(freshness.reason()).isEqualTo("last published 10 min ago; SLA freshness 15min");
        assertThat(met.colour()).isEqualTo(SlaColour.GREEN);
        assertThat(met.lastPublished()).contains(T);

        SlaReport late = DAY.evaluate(ID, sla, activity, T.plus(Duration.ofMinutes(192)), List.of());
        assertThat(late.objective(SlaObjective.FRESHNESS).orElseThrow().reason())
                .isEqualTo("last published 3 h 12 min ago; SLA freshness 15min");
        assertThat(late.colour()).isEqualTo(SlaColour.RED);

        assertThat(DAY.evaluate(ID, sla, activity, T.plus(Duration.ofMinutes(15)), List.of())
                .objective(SlaObjective.FRESHNESS).orElseThrow().status()).isEqualTo(ObjectiveStatus.BREACHED);
    }

    @Test
    void amberWhenEightyPercentOfTheFreshnessBudgetIsUsed() {
        ProductActivity activity = new ProductActivity(List.of(T), List.of());
        Sla sla = sla("10min", null, null);
        assertThat(DAY.evaluate(ID, sla, activity, T.plus(Duration.ofSeconds(479)), List.of()).colour()).isEqualTo(SlaColour.GREEN);
        assertThat(DAY.evaluate(ID, sla, activity, T.plus(Duration.ofMinutes(8)), List.of()).colour()).isEqualTo(SlaColour.AMBER);
        assertThat(DAY.evaluate(ID, sla, activity, T.plus(Duration.ofMinutes(10)), List.of()).colour()).isEqualTo(SlaColour.RED);
    }

    @Test
    void amberWhenEightyPercentOfAPercentageBudgetIsUsed() {
        // target 90%: budget 10 points; 91.5% passing uses 85% of it
        List<StoredCheckResult> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(result(T, "row_count", i >= 17, Optional.empty()));
        }
        SlaReport report = DAY.evaluate(ID, sla(null, null, "90%"), new ProductActivity(List.of(T), results), T, List.of());
        ObjectiveReport accuracy = report.objective(SlaObjective.ACCURACY).orElseThrow();
        assertThat(accuracy.measured()).hasValueSatisfying(v -> assertThat(v).isCloseTo(91.5, within(1e-9)));
        assertThat(accuracy.budgetUsed()).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.85, within(1e-9)));
        assertThat(accuracy.status()).isEqualTo(ObjectiveStatus.MET);
        assertThat(report.colour()).isEqualTo(SlaColour.AMBER);
    }

    @Test
    void neverPublishedBreachesFreshnessAndAvailability() {
        SlaReport report = DAY.evaluate(ID, sla("1h", "99%", "99%"), new ProductActivity(List.of(), List.of()), T, List.of());
        assertThat(report.objectives()).extracting(ObjectiveReport::status).containsExactly(
                ObjectiveStatus.BREACHED, ObjectiveStatus.BREACHED, ObjectiveStatus.NOT_MEASURED);
        assertThat(report.objective(SlaObjective.FRESHNESS).orElseThrow().reason()).isEqualTo("never published; SLA freshness 1h");
        assertThat(report.objective(SlaObjective.ACCURACY).orElseThrow().reason()).startsWith("no check results in the last 1 d");
        assertThat(report.colour()).isEqualTo(SlaColour.RED);
    }

    @Test
    void availabilityIsTheShareOfTheWindowWithAFreshSnapshotCountingGaps() {
        // window: the last 24 h; publishes every hour except a 5-hour gap; freshness 1h
        Instant now = T;
        List<Instant> publishes = new ArrayList<>();
        for (int h = 30; h >= 1; h--) {
            if (h < 10 || h > 14) {
                publishes.add(now.minus(Duration.ofHours(h)));
            }
        }
        // the publish 15 h ago is fresh until 14 h ago; the next one comes 9 h ago: stale for 5 of the last 24 h
        SlaReport report = DAY.evaluate(ID, sla("1h", "99%", null), new ProductActivity(publishes, List.of()), now, List.of());
        ObjectiveReport availability = report.objective(SlaObjective.AVAILABILITY).orElseThrow();
        assertThat(availability.measured()).hasValueSatisfying(v -> assertThat(v).isCloseTo(100.0 * 19 / 24, within(1e-9)));
        assertThat(availability.status()).isEqualTo(ObjectiveStatus.BREACHED);
        assertThat(availability.reason()).isEqualTo(
                "readable and fresh 79.167% of the last 1 d (unavailable 5 h); SLA availability 99%");
        // the last publish was 1 h ago: stale since now, exactly at the target
        assertThat(report.objective(SlaObjective.FRESHNESS).orElseThrow().status()).isEqualTo(ObjectiveStatus.BREACHED);
        assertThat(report.metrics().freshness()).hasValueSatisfying(v -> assertThat(v).isCloseTo(19.0 / 24, within(1e-9)));
    }

    @Test
    void availabilityIsMeasuredFromTheFirstPublishWhenItFallsInTheWindow() {
        Instant first = T.minus(Duration.ofHours(4));
        List<Instant> publishes = List.of(first, first.plus(Duration.ofHours(1)), first.plus(Duration.ofHours(3)));
        // fresh for 2h after each publish: covered [0,3) and [3,4) → 4 of 4 hours
        assertThat(SlaEvaluator.freshShare(publishes, Optional.of(Duration.ofHours(2)), T.minus(Duration.ofDays(1)), T)).contains(1.0);
        // fresh for 30 min: 1.5 h of 4
        assertThat(SlaEvaluator.freshShare(publishes, Optional.of(Duration.ofMinutes(30)), T.minus(Duration.ofDays(1)), T))
                .contains(1.5 / 4);
        assertThat(DAY.evaluate(ID, sla("30min", "99%", null), new ProductActivity(publishes, List.of()), T, List.of())
                .objective(SlaObjective.AVAILABILITY).orElseThrow().reason()).isEqualTo("readable and fresh 37.5% of the time "
                        + "since the first publish at " + first + " (unavailable 2 h 30 min); SLA availability 99%");
        // without a freshness target a published snapshot stays readable
        assertThat(SlaEvaluator.freshShare(publishes, Optional.empty(), T.minus(Duration.ofDays(1)), T)).contains(1.0);
        // a publish before the window covers its start
        assertThat(SlaEvaluator.freshShare(List.of(T.minus(Duration.ofHours(30))), Optional.of(Duration.ofHours(8)),
                T.minus(Duration.ofDays(1)), T)).contains(2.0 / 24);
        assertThat(SlaEvaluator.freshShare(List.of(), Optional.empty(), T.minus(Duration.ofDays(1)), T)).isEmpty();
        assertThat(SlaEvaluator.freshShare(List.of(T), Optional.empty(), T.minus(Duration.ofDays(1)), T)).contains(1.0);
    }

    @Test
    void accuracyIsTheShareOfPassingCheckResultsInTheWindowOfAnyKindAndSeverity() {
        List<StoredCheckResult> results = List.of(
                result(T.minus(Duration.ofDays(2)), "row_count", false, Optional.empty()), // outside the window
                result(T.minus(Duration.ofHours(3)), "row_count", true, Optional.empty()),
                result(T.minus(Duration.ofHours(3)), "uniqueness", false, Optional.empty()),
                warn(result(T.minus(Duration.ofHours(1)), "row_count_change", false, Optional.empty())),
                result(T.minus(Duration.ofHours(1)), "row_count", true, Optional.empty()));
        SlaReport report = DAY.evaluate(ID, sla(null, null, "99.5%"), new ProductActivity(List.of(T), results), T, List.of());
        ObjectiveReport accuracy = report.objective(SlaObjective.ACCURACY).orElseThrow();
        assertThat(accuracy.measured()).contains(50.0);
        assertThat(accuracy.status()).isEqualTo(ObjectiveStatus.BREACHED);
        assertThat(accuracy.reason()).isEqualTo("2 of 4 check results passed in the last 1 d (50%); SLA accuracy 99.5%");
        assertThat(report.metrics().accuracy()).contains(0.5);
        assertThat(report.metrics().checkResults()).isEqualTo(4);

        SlaReport allPass = DAY.evaluate(ID, sla(null, null, "99.5%"),
                new ProductActivity(List.of(T), results.subList(4, 5)), T, List.of());
        assertThat(allPass.objective(SlaObjective.ACCURACY).orElseThrow().status()).isEqualTo(ObjectiveStatus.MET);
        assertThat(allPass.colour()).isEqualTo(SlaColour.GREEN);
    }

    @Test
    void aProductWithoutAnSlaHasNoObjectivesButQualityMetrics() {
        List<StoredCheckResult> results = List.of(result(T, "null_percentage", true, Optional.of(2.0)));
        SlaReport report = DAY.evaluate(ID, Sla.none(), new ProductActivity(List.of(T), results), T, List.of());
        assertThat(report.colour()).isEqualTo(SlaColour.NO_SLA);
        assertThat(report.objectives()).isEmpty();
        assertThat(report.metrics().completeness()).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.98, within(1e-9)));
        assertThat(report.metrics().freshness()).isEmpty();
        assertThat(report.metrics().accuracy()).contains(1.0);
    }

    @Test
    void completenessIsOneMinusTheMeanNullShareElseTheShareOfPassingNotNullChecks() {
        Instant at = T.minusSeconds(60);
        List<StoredCheckResult> nulls = List.of(
                result(at, "null_percentage", true, Optional.of(1.0)),
                result(at, "null_percentage", false, Optional.of(5.0)),
                result(at, "not_null", false, Optional.of(3.0)),
                result(at, "row_count", true, Optional.of(100.0)));
        QualityMetrics metrics = QualityMetrics.compute(nulls, Optional.of(0.99), T.minus(Duration.ofDays(1)), T);
        assertThat(metrics.completeness()).hasValueSatisfying(v -> assertThat(v).isCloseTo(0.97, within(1e-9)));
        assertThat(metrics.freshness()).contains(0.99);
        assertThat(metrics.accuracy()).contains(0.5);

        List<StoredCheckResult> notNull = List.of(
                result(at, "not_null", true, Optional.of(0.0)),
                result(at, "not_null", true, Optional.of(0.0)),
                result(at, "not_null", true, Optional.of(0.0)),
                result(at, "not_null", false, Optional.of(2.0)));
        assertThat(QualityMetrics.compute(notNull, Optional.empty(), T.minus(Duration.ofDays(1)), T).completeness()).contains(0.75);
        assertThat(QualityMetrics.compute(List.of(result(at, "row_count", true, Optional.empty())), Optional.empty(),
                T.minus(Duration.ofDays(1)), T).completeness()).isEmpty();
        assertThat(QualityMetrics.compute(List.of(), Optional.empty(), T.minus(Duration.ofDays(1)), T).accuracy()).isEmpty();
    }

    @Test
    void historyReplaysFreshnessBreachesAndRecoveriesAndAccuracyChanges() {
        List<Instant> publishes = List.of(T, T.plus(Duration.ofMinutes(10)), T.plus(Duration.ofMinutes(40)),
                T.plus(Duration.ofMinutes(50)));
        List<StoredCheckResult> results = List.of(
                result(T, "row_count", true, Optional.empty()),
                result(T.plus(Duration.ofMinutes(10)), "row_count", false, Optional.empty()),
                result(T.plus(Duration.ofMinutes(40)), "row_count", true, Optional.empty()),
                result(T.plus(Duration.ofMinutes(40)), "uniqueness", true, Optional.empty()));
        List<SlaTransition> history = SlaHistory.replay(ID, sla("15min", null, "60%"), new ProductActivity(publishes, results),
                Duration.ofDays(1), T.plus(Duration.ofMinutes(70)));
        assertThat(history).extracting(t -> t.objective() + " " + t.change() + " +" + Duration.between(T, t.at()).toMinutes())
                .containsExactly("ACCURACY BREACHED +10", "FRESHNESS BREACHED +25", "FRESHNESS RECOVERED +40",
                        "ACCURACY RECOVERED +40", "FRESHNESS BREACHED +65");
        assertThat(history.get(1).reason()).isEqualTo("no publish for 15min since " + publishes.get(1) + "; SLA freshness 15min");
        assertThat(history.get(2).reason()).isEqualTo("published after 30 min; SLA freshness 15min");
    }

    @Test
    void durationsAndPercentagesReadAsWords() {
        assertThat(DurationWords.of(Duration.ofSeconds(11_520))).isEqualTo("3 h 12 min");
        assertThat(DurationWords.of(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(DurationWords.of(Duration.ZERO)).isEqualTo("0 s");
        assertThat(DurationWords.of(Duration.ofDays(7))).isEqualTo("7 d");
        assertThat(DurationWords.of(Duration.ofHours(50).plusMinutes(3))).isEqualTo("2 d 2 h");
        assertThat(DurationWords.percent(99.95)).isEqualTo("99.95%");
        assertThat(DurationWords.percent(100)).isEqualTo("100%");
    }

    static Sla sla(String freshness, String availability, String accuracy) {
        return new Sla(Optional.ofNullable(freshness).map(DurationSpec::parse), Optional.ofNullable(availability).map(Percentage::parse),
                Optional.ofNullable(accuracy).map(Percentage::parse));
    }

    private static StoredCheckResult result(Instant at, String kind, boolean passed, Optional<Double> measured) {
        return new StoredCheckResult("run-" + at.toEpochMilli(), ID, at, new CheckResult(kind + "-check", kind,
                CheckSeverity.ERROR, measured, "== 0", passed, "message", OptionalLong.empty(), List.of()));
    }

    private static StoredCheckResult warn(StoredCheckResult stored) {
        CheckResult r = stored.result();
        return new StoredCheckResult(stored.runId(), ID, stored.evaluatedAt(), new CheckResult(r.name(), r.kind(),
                CheckSeverity.WARN, r.measured(), r.expectation(), r.passed(), r.message(), r.failingRows(), List.of()));
    }
}
