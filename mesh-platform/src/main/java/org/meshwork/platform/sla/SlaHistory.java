package org.meshwork.platform.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Sla;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.StoredCheckResult;

/**
 * Replays a product's recorded publishes and check results into the SLA status changes of a window, so the history
 * needs no store of its own and survives restarts:
 *
 * <ul>
 *   <li><b>freshness</b> exactly: after a publish {@code p}, BREACHED at {@code p + freshness} unless the next publish
 *       came before; RECOVERED at the next publish.
 *   <li><b>accuracy</b> at each run's check evaluation: the accuracy over the window ending then, compared with the
 *       target; a change of status is a transition at that evaluation.
 * </ul>
 *
 * <p>Availability is a share of time that moves continuously; its changes are not replayed, only reported by a running
 * {@link SlaMonitor} when it observes them.
 */
final class SlaHistory {
    private SlaHistory() {}

    static List<SlaTransition> replay(ProductId id, Sla sla, ProductActivity activity, Duration window, Instant now) {
        ProductActivity seen = activity.until(now);
        Instant from = now.minus(window);
        List<SlaTransition> transitions = new ArrayList<>();
        sla.freshness().ifPresent(freshness -> {
            List<Instant> publishes = seen.publishes();
            for (int i = 0; i < publishes.size(); i++) {
                Instant deadline = publishes.get(i).plus(freshness.duration());
                boolean hasNext = i + 1 < publishes.size();
                if (deadline.isAfter(now) || hasNext && !publishes.get(i + 1).isAfter(deadline)) {
                    continue;
                }
                transitions.add(new SlaTransition(id, SlaObjective.FRESHNESS, SlaTransition.Change.BREACHED, deadline,
                        "no publish for " + freshness + " since " + publishes.get(i) + "; SLA freshness " + freshness));
                if (hasNext) {
                    Instant next = publishes.get(i + 1);
                    transitions.add(new SlaTransition(id, SlaObjective.FRESHNESS, SlaTransition.Change.RECOVERED, next,
                            "published after " + DurationWords.of(Duration.between(publishes.get(i), next))
                                    + "; SLA freshness " + freshness));
                }
            }
        });
        sla.accuracy().ifPresent(target -> {
            Map<Instant, List<StoredCheckResult>> byEvaluation = new TreeMap<>();
            for (StoredCheckResult result : seen.results()) {
                byEvaluation.computeIfAbsent(result.evaluatedAt(), at -> new ArrayList<>()).add(result);
            }
            Boolean breached = null;
            for (Instant at : byEvaluation.keySet()) {
                List<CheckResult> results = QualityMetrics.inWindow(seen.results(), at.minus(window), at);
                long passed = results.stream().filter(CheckResult::passed).count();
                double percent = 100.0 * passed / results.size();
                boolean nowBreached = percent < target.percent();
                if ((breached == null && nowBreached) || (breached != null && breached != nowBreached)) {
                    transitions.add(new SlaTransition(id, SlaObjective.ACCURACY,
                            nowBreached ? SlaTransition.Change.BREACHED : SlaTransition.Change.RECOVERED, at,
                            passed + " of " + results.size() + " check results passed (" + DurationWords.percent(percent)
                                    + "); SLA accuracy " + target));
                }
                breached = nowBreached;
            }
        });
        return transitions.stream()
                .filter(t -> t.at().isAfter(from))
                .sorted(Comparator.comparing(SlaTransition::at).thenComparing(SlaTransition::objective))
                .toList();
    }
}
