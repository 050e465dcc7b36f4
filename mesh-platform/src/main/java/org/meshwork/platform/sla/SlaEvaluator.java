package org.meshwork.platform.sla;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.Percentage;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.StoredCheckResult;

/**
 * Measures a product's SLA at an instant {@code now}, over a window that ends at {@code now}; pure: everything it
 * needs is passed in. The measurements (also in docs/quality.md):
 *
 * <ul>
 *   <li><b>freshness</b> = {@code now − last publish}, where a publish is the end of a succeeded run that committed a
 *       table version. Breached when the age reaches the target ({@code age ≥ freshness}), or when the product never
 *       published.
 *   <li><b>availability</b> = the share of the measured period in which the product had a readable snapshot that was
 *       fresh: each publish {@code p} makes the product available during {@code [p, p + freshness)} (without a
 *       freshness target: from {@code p} on). The measured period is {@code [max(now − window, first publish), now]}:
 *       time before the product's first publish ever is not counted, so a new product is not penalised for the time
 *       before it existed; after that, every stale moment counts. Breached when below the target.
 *   <li><b>accuracy</b> = the share of check results evaluated in {@code (now − window, now]} that passed, every
 *       kind and severity. Breached when below the target; not measured without results.
 * </ul>
 *
 * <p>Overall: RED when any objective is breached; AMBER when none is but one has used at least
 * {@link #AMBER_BUDGET_DEFAULT} (80%) of its budget — the freshness budget is the target duration, a percentage's
 * budget is {@code 100% − target}; GREEN otherwise.
 */
public final class SlaEvaluator {
    /** The default window: the last 7 days. */
    public static final Duration WINDOW_DEFAULT = Duration.ofDays(7);
    /** Share of an objective's budget from which the overall status is AMBER. */
    public static final double AMBER_BUDGET_DEFAULT = 0.8;

    private final Duration window;
    private final double amberBudget;

    public SlaEvaluator(Duration window, double amberBudget) {
        this.window = requireNonNull(window, "window is null");
        InvalidArgumentException.check(!window.isNegative() && !window.isZero(), "the SLA window must be positive, not %s", window);
        InvalidArgumentException.check(amberBudget > 0 && amberBudget <= 1, "the amber budget share must be in (0, 1], not %s", amberBudget);
        this.amberBudget = amberBudget;
    }

    public SlaEvaluator() {
        this(WINDOW_DEFAULT, AMBER_BUDGET_DEFAULT);
    }

    public Duration window() {
        return window;
    }

    /** The report at {@code now}; {@code history} are the transitions to show with it. */
    public SlaReport evaluate(ProductId id, Sla sla, ProductActivity activity, Instant now, List<SlaTransition> history) {
        ProductActivity seen = activity.until(now);
        Instant windowStart = now.minus(window);
        Optional<Instant> last = seen.publishes().isEmpty() ? Optional.empty()
                : Optional.of(seen.publishes().get(seen.publishes().size() - 1));
        List<ObjectiveReport> objectives = new ArrayList<>();
        sla.freshness().ifPresent(target -> objectives.add(freshness(target, last, now)));
        sla.availability().ifPresent(target -> objectives.add(availability(target, sla.freshness(), seen.publishes(), now)));
        sla.accuracy().ifPresent(target -> objectives.add(accuracy(target, seen.results(), now)));
        Optional<Double> freshShare = sla.freshness().flatMap(f -> freshShare(seen.publishes(), Optional.of(f.duration()),
                windowStart, now));
        QualityMetrics metrics = QualityMetrics.compute(seen.results(), freshShare, windowStart, now);
        return new SlaReport(id, now, window, sla, last, objectives, colour(sla, objectives), metrics, history);
    }

    ObjectiveReport freshness(DurationSpec target, Optional<Instant> last, Instant now) {
        String sla = "SLA freshness " + target;
        if (last.isEmpty()) {
            return new ObjectiveReport(SlaObjective.FRESHNESS, target.text(), Optional.empty(), "never published",
                    ObjectiveStatus.BREACHED, Optional.empty(), "never published; " + sla);
        }
        Duration age = Duration.between(last.get(), now);
        double used = (double) age.toMillis() / Math.max(1, target.duration().toMillis());
        boolean breached = age.compareTo(target.duration()) >= 0;
        return new ObjectiveReport(SlaObjective.FRESHNESS, target.text(), Optional.of(age.toMillis() / 1000.0),
                DurationWords.of(age), breached ? ObjectiveStatus.BREACHED : ObjectiveStatus.MET, Optional.of(used),
                "last published " + DurationWords.of(age) + " ago; " + sla);
    }

    ObjectiveReport availability(Percentage target, Optional<DurationSpec> freshness, List<Instant> publishes, Instant now) {
        String sla = "SLA availability " + target;
        Optional<Double> share = freshShare(publishes, freshness.map(DurationSpec::duration), now.minus(window), now);
        if (share.isEmpty()) {
            return new ObjectiveReport(SlaObjective.AVAILABILITY, target.toString(), Optional.empty(), "never published",
                    ObjectiveStatus.BREACHED, Optional.empty(), "never published; " + sla);
        }
        double percent = share.get() * 100.0;
        Instant from = measuredFrom(publishes, now.minus(window));
        Duration period = Duration.between(from, now);
        Duration down = Duration.ofMillis(Math.round(period.toMillis() * (1.0 - share.get())));
        String since = from.equals(now.minus(window)) ? "the last " + DurationWords.of(window) : "the time since the first publish at " + from;
        String what = freshness.isPresent() ? "readable and fresh " : "readable ";
        return percentReport(SlaObjective.AVAILABILITY, target, percent,
                what + DurationWords.percent(percent) + " of " + since
                        + (down.isZero() ? "" : " (unavailable " + DurationWords.of(down) + ")") + "; " + sla);
    }

    ObjectiveReport accuracy(Percentage target, List<StoredCheckResult> results, Instant now) {
        String sla = "SLA accuracy " + target;
        List<CheckResult> window = QualityMetrics.inWindow(results, now.minus(this.window), now);
        if (window.isEmpty()) {
            return new ObjectiveReport(SlaObjective.ACCURACY, target.toString(), Optional.empty(), "-",
                    ObjectiveStatus.NOT_MEASURED, Optional.empty(),
                    "no check results in the last " + DurationWords.of(this.window) + "; " + sla);
        }
        long passed = window.stream().filter(CheckResult::passed).count();
        double percent = 100.0 * passed / window.size();
        return percentReport(SlaObjective.ACCURACY, target, percent, passed + " of " + window.size()
                + " check results passed in the last " + DurationWords.of(this.window) + " ("
                + DurationWords.percent(percent) + "); " + sla);
    }

    private static ObjectiveReport percentReport(SlaObjective objective, Percentage target, double percent, String reason) {
        boolean breached = percent < target.percent();
        double budget = 100.0 - target.percent();
        double used = budget <= 0 ? (breached ? Double.POSITIVE_INFINITY : 0.0) : (100.0 - percent) / budget;
        return new ObjectiveReport(objective, target.toString(), Optional.of(percent), DurationWords.percent(percent),
                breached ? ObjectiveStatus.BREACHED : ObjectiveStatus.MET, Optional.of(used), reason);
    }

    SlaColour colour(Sla sla, List<ObjectiveReport> objectives) {
        if (sla.isEmpty()) {
            return SlaColour.NO_SLA;
        }
        if (objectives.stream().anyMatch(o -> o.status() == ObjectiveStatus.BREACHED)) {
            return SlaColour.RED;
        }
        if (objectives.stream().anyMatch(o -> o.budgetUsed().filter(used -> used >= amberBudget).isPresent())) {
            return SlaColour.AMBER;
        }
        return SlaColour.GREEN;
    }

    /**
     * The share of {@code [max(windowStart, first publish), now]} during which the product was available: each publish
     * {@code p} covers {@code [p, p + freshness)}, or {@code [p, ∞)} without a freshness. Empty when it never published
     * before {@code now}; 1 when the period is empty (published exactly at {@code now}).
     */
    public static Optional<Double> freshShare(List<Instant> publishes, Optional<Duration> freshness, Instant windowStart, Instant now) {
        List<Instant> seen = publishes.stream().filter(p -> !p.isAfter(now)).sorted().toList();
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        Instant from = measuredFrom(seen, windowStart);
        long period = Duration.between(from, now).toMillis();
        if (period <= 0) {
            return Optional.of(1.0);
        }
        long covered = 0;
        Instant coveredUntil = from;
        for (int i = 0; i < seen.size(); i++) {
            Instant start = seen.get(i).isBefore(from) ? from : seen.get(i);
            Instant end = freshness.map(seen.get(i)::plus).orElse(now);
            if (end.isAfter(now)) {
                end = now;
            }
            if (start.isBefore(coveredUntil)) {
                start = coveredUntil;
            }
            if (end.isAfter(start)) {
                covered += Duration.between(start, end).toMillis();
                coveredUntil = end;
            }
        }
        return Optional.of(Math.min(1.0, (double) covered / period));
    }

    private static Instant measuredFrom(List<Instant> publishes, Instant windowStart) {
        Instant first = publishes.get(0);
        return first.isAfter(windowStart) ? first : windowStart;
    }
}
