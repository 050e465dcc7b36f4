package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * Why a run is asked for: its {@link RunTrigger} and what the trigger says about itself — the cron expression and fire
 * time of a scheduled run, the upstream product and run that triggered a downstream one — and which attempt it is (a
 * retry of a failed run keeps its cause and counts up). The run's authorisation is decided on it and its audit entry
 * records it ({@link #details()}).
 *
 * @param schedule the product's {@code orchestration.schedule} the fire time came from; present exactly for
 *     {@link RunTrigger#SCHEDULE}
 * @param fireTime the fire time the run is owed for; present exactly for {@link RunTrigger#SCHEDULE}
 * @param upstream the product whose successful run triggered this one; present exactly for {@link RunTrigger#UPSTREAM}
 * @param upstreamRun that run's id, when known; only for {@link RunTrigger#UPSTREAM}
 * @param attempt 1 for the first run, 2 for its first retry, and so on
 */
public record RunCause(
        RunTrigger trigger,
        Optional<String> schedule,
        Optional<Instant> fireTime,
        Optional<ProductId> upstream,
        Optional<String> upstreamRun,
        int attempt) {

    public RunCause {
        requireNonNull(trigger, "trigger is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(fireTime, "fireTime is null");
        requireNonNull(upstream, "upstream is null");
        requireNonNull(upstreamRun, "upstreamRun is null");
        boolean scheduled = trigger == RunTrigger.SCHEDULE;
        boolean downstream = trigger == RunTrigger.UPSTREAM;
        if (schedule.isPresent() != scheduled || fireTime.isPresent() != scheduled) {
            throw new IllegalArgumentException("a schedule and a fire time are given exactly for a scheduled run: "
                    + trigger.label());
        }
        if (upstream.isPresent() != downstream || upstreamRun.isPresent() && !downstream) {
            throw new IllegalArgumentException("an upstream product is given exactly for a run it triggered: "
                    + trigger.label());
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
    }

    /** A run someone asked for now ({@code mesh run}). */
    public static RunCause manual() {
        return new RunCause(RunTrigger.MANUAL, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1);
    }

    /** A run owed for {@code fireTime} of the product's {@code orchestration.schedule} {@code schedule}. */
    public static RunCause schedule(String schedule, Instant fireTime) {
        return new RunCause(RunTrigger.SCHEDULE, Optional.of(schedule), Optional.of(fireTime), Optional.empty(),
                Optional.empty(), 1);
    }

    /** A run after a successful run of {@code upstream}, one of the product's sources. */
    public static RunCause upstream(ProductId upstream, Optional<String> upstreamRun) {
        return new RunCause(RunTrigger.UPSTREAM, Optional.empty(), Optional.empty(), Optional.of(upstream), upstreamRun,
                1);
    }

    /** The same cause, as attempt {@code attempt}. */
    public RunCause attempt(int attempt) {
        return new RunCause(trigger, schedule, fireTime, upstream, upstreamRun, attempt);
    }

    /** The cause as audit details: {@code trigger}, then {@code schedule}, {@code fire_time}, {@code upstream}, {@code upstream_run}, {@code attempt} where they apply. */
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("trigger", trigger.label());
        schedule.ifPresent(cron -> details.put("schedule", cron));
        fireTime.ifPresent(time -> details.put("fire_time", time.toString()));
        upstream.ifPresent(id -> details.put("upstream", id.toString()));
        upstreamRun.ifPresent(run -> details.put("upstream_run", run));
        details.put("attempt", Integer.toString(attempt));
        return details;
    }
}
