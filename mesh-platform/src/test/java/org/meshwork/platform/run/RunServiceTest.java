package org.meshwork.platform.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.schedule.RunInProgressException;
import org.meshwork.testing.access.RecordingAuditLog;
import org.meshwork.testing.time.MutableClock;

class RunServiceTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId CATALOG = ProductId.parse("dp.product.catalog");
    private static final Principal SAM = user("sam");
    private static final Principal ANA = user("ana");
    private static final String CRON = "*/15 * * * *";
    private static final Instant FIRE = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:05Z");
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final OwnersOnly access = new OwnersOnly(Map.of(ORDERS, Set.of(SAM.name())));
    private final FakePipeline pipeline = new FakePipeline();
    private final Map<ProductId, RunDeclaration> declarations = new HashMap<>(Map.of(ORDERS, new RunDeclaration(ORDERS,
            3, UserName.of("sofia"), Optional.of(CRON), Set.of(CATALOG))));
    private final RunService runs = new RunService(pipeline, id -> {
        RunDeclaration declared = declarations.get(id);
        if (declared == null) {
            throw new NoSuchProductException(id);
        }
        return declared;
    }, access, audit, clock);

    private static Principal user(String name) {
        return new Principal(UserName.of(name), PrincipalKind.USER, Set.of(), Set.of());
    }

    @Test
    void aManualRunByAnOwnerRunsOnceAndLeavesOneAllowedEntryWithItsTrigger() {
        RunRecord run = runs.run(SAM, ORDERS, RunCause.manual(), RunProgress.NONE);

        assertThat(pipeline.calls).containsExactly(ORDERS + ":manual");
        AuditEvent entry = audit.events().get(0);
        assertThat(audit.events()).hasSize(1);
        assertThat(entry.actor()).isEqualTo(SAM.name());
        assertThat(entry.action()).isEqualTo("run");
        assertThat(entry.product()).contains(ORDERS);
        assertThat(entry.outcome()).isEqualTo("allowed");
        assertThat(entry.details()).containsEntry("trigger", "manual").containsEntry("run", run.runId())
                .containsEntry("status", "succeeded").containsEntry("attempt", "1");
    }

    @Test
    void aManualRunByANonOwnerIsDeniedAuditedAndNeverStarted() {
        assertThatThrownBy(() -> runs.run(ANA, ORDERS, RunCause.manual(), RunProgress.NONE))
                .isInstanceOf(ForbiddenException.class);

        assertThat(pipeline.calls).isEmpty();
        assertThat(audit.events()).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo(ANA.name());
            assertThat(entry.outcome()).isEqualTo("denied");
            assertThat(entry.details()).containsEntry("trigger", "manual").containsKey("reason");
        });
    }

    @Test
    void aScheduledRunRunsAsTheSchedulerAuthorisedByTheRevisionThatDeclaresItsSchedule() {
        runs.asScheduler().run(ORDERS, RunCause.schedule(CRON, FIRE));

        assertThat(pipeline.calls).containsExactly(ORDERS + ":schedule");
        assertThat(audit.events()).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo(RunService.SCHEDULER_NAME);
            assertThat(entry.outcome()).isEqualTo("allowed");
            assertThat(entry.details()).containsEntry("trigger", "schedule").containsEntry("schedule", CRON)
                    .containsEntry("fire_time", FIRE.toString()).containsEntry("revision", "3")
                    .containsEntry("authorised_by", "sofia").containsEntry("status", "succeeded");
        });
        assertThat(access.asked).as("no person stands behind a fire time").isEmpty();
    }

    @Test
    void aScheduledRunForAScheduleTheCurrentRevisionNoLongerDeclaresIsDenied() {
        declarations.put(ORDERS, new RunDeclaration(ORDERS, 4, UserName.of("sofia"), Optional.empty(), Set.of()));

        assertThatThrownBy(() -> runs.asScheduler().run(ORDERS, RunCause.schedule(CRON, FIRE)))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("revision 4")
                .hasMessageContaining("no schedule");
        assertThatThrownBy(() -> runs.asScheduler().run(ORDERS, RunCause.schedule("0 * * * *", FIRE)))
                .isInstanceOf(ForbiddenException.class);

        assertThat(pipeline.calls).isEmpty();
        assertThat(audit.events()).extracting(AuditEvent::outcome).containsExactly("denied", "denied");
        assertThat(audit.events()).allSatisfy(entry -> assertThat(entry.details()).containsEntry("trigger", "schedule"));
    }

    @Test
    void aFireTimeStillToComeIsNotAuthorised() {
        assertThatThrownBy(() -> runs.asScheduler().run(ORDERS, RunCause.schedule(CRON, FIRE.plusSeconds(900))))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("has not come yet");
        assertThat(pipeline.calls).isEmpty();
    }

    @Test
    void aDownstreamRunIsAuthorisedOnlyByAnUpstreamTheRevisionReads() {
        runs.asScheduler().run(ORDERS, RunCause.upstream(CATALOG, Optional.of("run-7")));
        assertThatThrownBy(() -> runs.asScheduler().run(ORDERS, RunCause.upstream(ProductId.parse("dp.x.y"),
                Optional.empty()))).isInstanceOf(ForbiddenException.class).hasMessageContaining("does not read dp.x.y");

        assertThat(pipeline.calls).containsExactly(ORDERS + ":upstream");
        assertThat(audit.events()).extracting(AuditEvent::outcome).containsExactly("allowed", "denied");
        assertThat(audit.events().get(0).details()).containsEntry("trigger", "upstream")
                .containsEntry("upstream", CATALOG.toString()).containsEntry("upstream_run", "run-7");
    }

    @Test
    void onlyTheSchedulerStartsScheduledRunsAndTheSchedulerNeverStartsManualOnes() {
        assertThatThrownBy(() -> runs.run(SAM, ORDERS, RunCause.schedule(CRON, FIRE), RunProgress.NONE))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("only the platform's scheduler");
        assertThatThrownBy(() -> runs.run(RunService.SCHEDULER, ORDERS, RunCause.manual(), RunProgress.NONE))
                .isInstanceOf(ForbiddenException.class);
        Principal impostor = new Principal(RunService.SCHEDULER_NAME, PrincipalKind.USER, Set.of(), Set.of());
        assertThatThrownBy(() -> runs.run(impostor, ORDERS, RunCause.schedule(CRON, FIRE), RunProgress.NONE))
                .isInstanceOf(ForbiddenException.class);

        assertThat(pipeline.calls).isEmpty();
        assertThat(audit.events()).extracting(AuditEvent::outcome).containsExactly("denied", "denied", "denied");
    }

    @Test
    void aRetryIsAuditedWithItsAttempt() {
        runs.asScheduler().run(ORDERS, RunCause.schedule(CRON, FIRE).attempt(2));

        assertThat(audit.last().details()).containsEntry("attempt", "2");
    }

    @Test
    void aRunThatCannotStartIsAuditedAsFailedOnce() {
        pipeline.failWith = new RunInProgressException(ORDERS);

        assertThatThrownBy(() -> runs.asScheduler().run(ORDERS, RunCause.schedule(CRON, FIRE)))
                .isInstanceOf(RunInProgressException.class);

        assertThat(audit.events()).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo("failed");
            assertThat(entry.details()).containsKey("error").containsEntry("trigger", "schedule");
        });
    }

    @Test
    void aScheduledRunOfAProductThatIsGoneIsDenied() {
        assertThatThrownBy(() -> runs.asScheduler().run(CATALOG, RunCause.schedule(CRON, FIRE)))
                .isInstanceOf(NoSuchProductException.class);
        assertThat(audit.last().outcome()).isEqualTo("denied");
        assertThat(pipeline.calls).isEmpty();
    }

    /** Runs nothing: records the call and returns a succeeded run (or throws what the test set). */
    private final class FakePipeline implements RunService.PipelineRun {
        final List<String> calls = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public RunRecord run(ProductId product, RunTrigger trigger, RunProgress progress) {
            if (failWith != null) {
                throw failWith;
            }
            calls.add(product + ":" + trigger.label());
            return new RunRecord("run-" + calls.size(), product, 3, trigger, RunStatus.SUCCEEDED, clock.instant(),
                    Optional.of(clock.instant()), 10, 10, 0, 100, Optional.of(5L), Optional.empty());
        }
    }

    /** Control actions for the listed owners of each product only; records who was asked about. */
    private static final class OwnersOnly implements AccessController {
        private final Map<ProductId, Set<UserName>> owners;
        final List<String> asked = new ArrayList<>();

        OwnersOnly(Map<ProductId, Set<UserName>> owners) {
            this.owners = owners;
        }

        @Override
        public ReadDecision authorizeRead(Principal principal, ProductId product, Optional<String> purpose) {
            throw new ForbiddenException("no reads here");
        }

        @Override
        public boolean canDiscover(Principal principal, ProductId product) {
            return true;
        }

        @Override
        public void authorizeControl(Principal principal, ControlAction action, ProductId product) {
            asked.add(principal.name() + ":" + action.label() + ":" + product);
            if (!owners.getOrDefault(product, Set.of()).contains(principal.name())) {
                throw new ForbiddenException("user '" + principal.name() + "' may not " + action.label() + " " + product);
            }
        }

        @Override
        public void authorizeControl(Principal principal, ControlAction action, DomainName domain) {
            throw new ForbiddenException("no domain actions here");
        }
    }
}
