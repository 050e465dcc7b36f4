package org.meshwork.platform.run;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.schedule.ProductRunner;

/**
 * The one run use case: every run of a product — {@code mesh run}, the scheduler's fire times, a downstream run after
 * its upstream succeeded, each retry — is authorised here for the principal it runs as and its {@link RunCause}, and
 * leaves exactly one audit entry ({@code run}: {@code allowed} with the run's id and status, {@code denied} with the
 * reason, or {@code failed} when it could not start), whose details carry the trigger and what it said about itself.
 *
 * <p><b>Who a run runs as.</b> A manual run runs as the person (or service account) who asked; the access controller
 * decides it ({@link ControlAction#RUN}: the product's owners and platform admins). A scheduled or upstream-triggered
 * run runs as the platform's scheduler identity, {@link #SCHEDULER} — like an Airflow scheduler or a dbt Cloud job,
 * whose runs are "triggered by schedule" rather than by a person. No person stands behind its fire time; the authority
 * is the product's current revision, which its owners applied (apply checks ownership): a scheduled run is allowed only
 * when that revision declares the very {@code orchestration.schedule} the fire time came from, a downstream run only
 * when the revision reads the upstream product as a source. The entry names that revision and who applied it
 * ({@code revision}, {@code authorised_by}). No one else may start a run with those triggers, and the scheduler
 * identity may not start a manual one.
 */
public final class RunService {
    /** The name the platform's scheduler runs and is audited as. */
    public static final UserName SCHEDULER_NAME = UserName.of("meshwork-scheduler");
    /** The platform's scheduler identity: a service account in no team, with no role. */
    public static final Principal SCHEDULER = new Principal(SCHEDULER_NAME, PrincipalKind.SERVICE_ACCOUNT, Set.of(),
            Set.of());

    /** Runs a product's pipeline, unauthorised and unaudited: the pipeline runner below this use case. */
    @FunctionalInterface
    public interface PipelineRun {
        /**
         * @throws org.meshwork.platform.schedule.RunInProgressException when a run of the product is going on
         * @throws NoSuchProductException when the product is not applied
         */
        RunRecord run(ProductId product, RunTrigger trigger, RunProgress progress);
    }

    private final PipelineRun pipeline;
    private final Function<ProductId, RunDeclaration> declarations;
    private final AccessController access;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param declarations the current revision's declaration of a product; throws {@link NoSuchProductException} for a
     *     product that is not applied
     */
    public RunService(PipelineRun pipeline, Function<ProductId, RunDeclaration> declarations, AccessController access,
            AuditLog audit, Clock clock) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.declarations = requireNonNull(declarations, "declarations is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Runs {@code product} now as {@code principal} for {@code cause}, if allowed, and waits for the run to end.
     *
     * @return the final run record; its status says how the run ended
     * @throws ForbiddenException when the run is not allowed (audited as {@code denied}; nothing ran)
     * @throws NoSuchProductException when the product is not applied, or not visible to the principal
     * @throws org.meshwork.platform.schedule.RunInProgressException when a run of the product is already going on
     *     (audited as {@code failed})
     */
    public RunRecord run(Principal principal, ProductId product, RunCause cause, RunProgress progress) {
        requireNonNull(principal, "principal is null");
        requireNonNull(product, "product is null");
        requireNonNull(cause, "cause is null");
        requireNonNull(progress, "progress is null");
        Map<String, String> details = new LinkedHashMap<>(cause.details());
        try {
            authorize(principal, product, cause, details);
        } catch (ForbiddenException | NoSuchProductException e) {
            details.put("reason", e.getMessage());
            append(principal, product, "denied", details);
            throw e;
        }
        RunRecord run;
        try {
            run = pipeline.run(product, cause.trigger(), progress);
        } catch (RuntimeException e) {
            details.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            append(principal, product, "failed", details);
            throw e;
        }
        details.put("run", run.runId());
        details.put("status", run.status().label());
        run.tableVersion().ifPresent(version -> details.put("table_version", Long.toString(version)));
        details.put("rows_written", Long.toString(run.rowsWritten()));
        append(principal, product, "allowed", details);
        return run;
    }

    /** The scheduler's way in: every run it asks for runs as {@link #SCHEDULER}, authorised and audited here. */
    public ProductRunner asScheduler() {
        return (product, cause) -> run(SCHEDULER, product, cause, RunProgress.NONE);
    }

    private void authorize(Principal principal, ProductId product, RunCause cause, Map<String, String> details) {
        boolean scheduler = principal.name().equals(SCHEDULER_NAME) && principal.kind() == SCHEDULER.kind();
        switch (cause.trigger()) {
            case MANUAL -> {
                if (scheduler) {
                    throw new ForbiddenException("the scheduler identity '" + SCHEDULER_NAME + "' runs products only"
                            + " on their schedule or after their upstream, never manually");
                }
                access.authorizeControl(principal, ControlAction.RUN, product);
            }
            case SCHEDULE, UPSTREAM -> {
                if (!scheduler) {
                    throw new ForbiddenException("user '" + principal.name() + "' may not start a run of " + product
                            + " with trigger '" + cause.trigger().label() + "': only the platform's scheduler ('"
                            + SCHEDULER_NAME + "') does; run it now with 'mesh run " + product + "'");
                }
                RunDeclaration declared = declarations.apply(product);
                if (cause.trigger() == RunTrigger.SCHEDULE) {
                    checkSchedule(product, cause, declared);
                } else {
                    checkUpstream(product, cause, declared);
                }
                details.put("revision", Long.toString(declared.revision()));
                details.put("authorised_by", declared.appliedBy().value());
            }
        }
    }

    private void checkSchedule(ProductId product, RunCause cause, RunDeclaration declared) {
        String asked = cause.schedule().orElseThrow().strip();
        Optional<String> schedule = declared.schedule().map(String::strip);
        if (schedule.isEmpty() || !schedule.get().equals(asked)) {
            throw new ForbiddenException("the scheduled run of " + product + " for '" + asked + "' is not authorised: "
                    + "revision " + declared.revision() + " of the product declares "
                    + schedule.map(text -> "the schedule '" + text + "'").orElse("no schedule"));
        }
        if (cause.fireTime().orElseThrow().isAfter(clock.instant())) {
            throw new ForbiddenException("the scheduled run of " + product + " is not authorised: its fire time "
                    + cause.fireTime().orElseThrow() + " has not come yet");
        }
    }

    private static void checkUpstream(ProductId product, RunCause cause, RunDeclaration declared) {
        ProductId upstream = cause.upstream().orElseThrow();
        if (!declared.upstream().contains(upstream)) {
            throw new ForbiddenException("the run of " + product + " after " + upstream + " is not authorised: "
                    + "revision " + declared.revision() + " of the product does not read " + upstream);
        }
    }

    private void append(Principal principal, ProductId product, String outcome, Map<String, String> details) {
        audit.append(new AuditEvent(clock.instant(), principal.name(), ControlAction.RUN.label(), Optional.of(product),
                outcome, details, Optional.empty()));
    }
}
