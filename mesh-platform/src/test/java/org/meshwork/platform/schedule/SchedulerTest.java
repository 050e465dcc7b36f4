package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.schedule.FakeProductRunner.blocking;
import static org.meshwork.platform.schedule.FakeProductRunner.ends;
import static org.meshwork.platform.schedule.FakeProductRunner.throwing;
import static org.meshwork.platform.schedule.FixedScheduleSource.downstreamOf;
import static org.meshwork.platform.schedule.FixedScheduleSource.retried;
import static org.meshwork.platform.schedule.FixedScheduleSource.scheduled;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.platform.schedule.FakeProductRunner.Call;
import org.meshwork.testing.store.InMemoryMetadataStore;
import org.meshwork.testing.time.MutableClock;

class SchedulerTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId CATALOG = ProductId.parse("dp.product.catalog");
    private static final ProductId REVENUE = ProductId.parse("dp.sales.revenue");
    private static final Instant APPLIED = Instant.parse("2026-11-24T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.at("2026-11-24T09:30:00Z");
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final FakeProductRunner runner = new FakeProductRunner(store, clock);
    private final FixedScheduleSource source = new FixedScheduleSource();
    private Scheduler scheduler;

    @BeforeEach
    void setUp() {
        scheduler = new Scheduler(source, runner, store, clock, 4);
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
    }

    /** Moves the clock to {@code time} (today), runs one cycle and waits for the runs it submitted. */
    private void tick(String time) throws InterruptedException {
        tick(at(time));
    }

    private void tick(Instant instant) throws InterruptedException {
        clock.set(instant);
        scheduler.runDue(instant);
        assertThat(scheduler.awaitIdle(WAIT)).as("idle after the cycle at %s", instant).isTrue();
    }

    /** One cycle at {@code time} without waiting for its runs. */
    private void cycle(String time) {
        clock.set(at(time));
        scheduler.runDue(clock.instant());
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-24T" + time + "Z");
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static RunRecord ended(ProductId product, RunTrigger trigger, RunStatus status, String time) {
        return new RunRecord("manual-" + time, product, 1, trigger, status, at(time), Optional.of(at(time)),
                0, 0, 0, 0, Optional.empty(), Optional.empty());
    }

    @Test
    void quarterHourScheduleFiresFourTimesAcrossAnHour() throws InterruptedException {
        source.add(scheduled(ORDERS, "*/15 * * * *", APPLIED));

        for (Instant t = at("10:00:00"); t.isBefore(at("11:00:00")); t = t.plusSeconds(30)) {
            tick(t);
        }

        assertThat(runner.calls()).extracting(Call::at)
                .containsExactly(at("10:00:00"), at("10:15:00"), at("10:30:00"), at("10:45:00"));
        assertThat(runner.calls()).extracting(Call::trigger).containsOnly(RunTrigger.SCHEDULE);
    }

    @Test
    void doesNotFireBetweenFireTimes() throws InterruptedException {
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED));

        tick("10:00:00");
        tick("10:00:59");
        tick("10:01:00");
        tick("10:30:00");
        tick("10:59:59");
        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"));

        tick("11:00:00");
        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("11:00:00"));
    }

    @Test
    void evaluatesTheScheduleInUtc() throws InterruptedException {
        source.add(scheduled(ORDERS, "30 6 * * *", at("00:00:00")));

        tick("06:29:59");
        assertThat(runner.calls()).isEmpty();

        tick("06:30:00");
        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("06:30:00"));
    }

    @Test
    void runsAMissedScheduleOnceAfterDowntime() throws InterruptedException {
        source.add(scheduled(ORDERS, "*/15 * * * *", APPLIED));
        tick("10:00:00");

        tick("16:07:00");
        tick("16:10:00");
        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("16:07:00"));

        tick("16:15:00");
        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("16:07:00"), at("16:15:00"));
    }

    @Test
    void aRestartedSchedulerDoesNotRepeatAScheduledRunRecordedInTheStore() throws InterruptedException {
        source.add(scheduled(ORDERS, "*/15 * * * *", APPLIED));
        tick("10:00:00");
        scheduler.close();

        scheduler = new Scheduler(source, runner, store, clock, 4);
        tick("10:05:00");
        assertThat(runner.calls()).hasSize(1);

        tick("10:15:00");
        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("10:15:00"));
    }

    @Test
    void aManualRunDoesNotCoverAFireTime() throws InterruptedException {
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED));
        clock.set(at("10:02:00"));
        runner.run(ORDERS, RunCause.manual());

        tick("10:05:00");

        assertThat(runner.calls()).extracting(Call::trigger).containsExactly(RunTrigger.MANUAL, RunTrigger.SCHEDULE);
    }

    @Test
    void onFirstSightOnlyAProductAppliedBeforeItsLatestFireTimeRunsAtOnce() throws InterruptedException {
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED))
                .add(scheduled(CATALOG, "0 * * * *", at("10:20:00")));

        tick("10:30:00");
        assertThat(runner.calls()).extracting(Call::product).containsExactly(ORDERS);

        tick("11:00:00");
        assertThat(runner.calls()).extracting(Call::product).containsExactlyInAnyOrder(ORDERS, ORDERS, CATALOG);
    }

    @Test
    void neverStartsASecondRunWhileASlowRunIsInFlight() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.script(ORDERS, blocking(started, release, RunStatus.SUCCEEDED));
        source.add(scheduled(ORDERS, "*/15 * * * *", APPLIED));

        cycle("10:00:00");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        cycle("10:15:00");
        cycle("10:30:00");
        assertThat(runner.calls()).hasSize(1);

        release.countDown();
        assertThat(scheduler.awaitIdle(WAIT)).isTrue();
        tick("10:31:00");
        tick("10:40:00");

        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("10:31:00"));
        assertThat(runner.overlapRequested()).isFalse();
    }

    @Test
    void aProductRunningElsewhereIsSkippedUntilItsNextFireTimeWithoutHoldingBackOthers() throws InterruptedException {
        runner.startRunningElsewhere(ORDERS);
        source.add(scheduled(ORDERS, "*/15 * * * *", APPLIED)).add(scheduled(CATALOG, "*/5 * * * *", APPLIED));

        tick("10:00:00");
        runner.stopRunningElsewhere(ORDERS);
        tick("10:05:00");
        tick("10:10:00");
        assertThat(runner.calls(ORDERS)).extracting(Call::at).containsExactly(at("10:00:00"));
        assertThat(runner.finished(CATALOG)).hasSize(3);

        tick("10:15:00");
        assertThat(runner.finished(ORDERS)).extracting(RunRecord::startedAt).containsExactly(at("10:15:00"));
    }

    @Test
    void runsOfDifferentProductsProceedInParallel() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        runner.script(ORDERS, blocking(started, release, RunStatus.SUCCEEDED))
                .script(CATALOG, blocking(started, release, RunStatus.SUCCEEDED));
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED)).add(scheduled(CATALOG, "0 * * * *", APPLIED));

        cycle("10:00:00");

        assertThat(started.await(10, TimeUnit.SECONDS)).as("both runs in flight at once").isTrue();
        release.countDown();
        assertThat(scheduler.awaitIdle(WAIT)).isTrue();
        assertThat(runner.maxConcurrent()).isEqualTo(2);
        assertThat(runner.finished()).extracting(RunRecord::status).containsOnly(RunStatus.SUCCEEDED).hasSize(2);
    }

    @Test
    void aSlowProductDoesNotHoldBackOthersOnAFullPool() throws InterruptedException {
        scheduler.close();
        scheduler = new Scheduler(source, runner, store, clock, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.script(ORDERS, blocking(started, release, RunStatus.SUCCEEDED));
        source.add(scheduled(ORDERS, "*/5 * * * *", APPLIED)).add(scheduled(CATALOG, "*/5 * * * *", APPLIED));

        for (String time : List.of("10:00:00", "10:05:00", "10:10:00")) {
            // Cycles repeat at the same instant: the previous catalog run may still be finishing, and its fire time
            // must then run once, on a later cycle.
            eventually(() -> {
                cycle(time);
                return runner.finished(CATALOG).size() > 0
                        && runner.finished(CATALOG).get(runner.finished(CATALOG).size() - 1).startedAt().equals(at(time));
            });
        }

        assertThat(runner.calls(ORDERS)).hasSize(1);
        assertThat(runner.calls(CATALOG)).extracting(Call::at).containsExactly(at("10:00:00"), at("10:05:00"), at("10:10:00"));
        release.countDown();
        assertThat(scheduler.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void retriesWithExponentialBackoffThenGivesUp() throws InterruptedException {
        runner.script(ORDERS, ends(RunStatus.FAILED), ends(RunStatus.TIMED_OUT), ends(RunStatus.FAILED), ends(RunStatus.FAILED));
        source.add(retried(ORDERS, "0 * * * *", 3, Duration.ofMinutes(1), APPLIED));

        for (String time : List.of("10:00:00", "10:00:59", "10:01:00", "10:02:59", "10:03:00", "10:06:59", "10:07:00",
                "10:14:59", "10:15:00", "10:59:00")) {
            tick(time);
        }

        assertThat(runner.calls()).extracting(Call::at)
                .containsExactly(at("10:00:00"), at("10:01:00"), at("10:03:00"), at("10:07:00"));
        assertThat(runner.calls()).extracting(Call::trigger).containsOnly(RunTrigger.SCHEDULE);

        tick("11:00:00");
        assertThat(runner.finished()).last().extracting(RunRecord::status).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void stopsRetryingAtTheFirstSuccess() throws InterruptedException {
        runner.script(ORDERS, ends(RunStatus.FAILED), ends(RunStatus.SUCCEEDED));
        source.add(retried(ORDERS, "0 * * * *", 3, Duration.ofMinutes(1), APPLIED));

        for (String time : List.of("10:00:00", "10:01:00", "10:03:00", "10:07:00", "10:15:00")) {
            tick(time);
        }

        assertThat(runner.finished()).extracting(RunRecord::status).containsExactly(RunStatus.FAILED, RunStatus.SUCCEEDED);
    }

    @Test
    void doesNotRetryAQualityFailureOrACancelledRun() throws InterruptedException {
        runner.script(ORDERS, ends(RunStatus.FAILED_QUALITY)).script(CATALOG, ends(RunStatus.CANCELLED));
        source.add(retried(ORDERS, "0 * * * *", 3, Duration.ofMinutes(1), APPLIED))
                .add(retried(CATALOG, "0 * * * *", 3, Duration.ofMinutes(1), APPLIED));

        for (String time : List.of("10:00:00", "10:01:00", "10:03:00", "10:07:00", "10:30:00")) {
            tick(time);
        }

        assertThat(runner.calls()).extracting(Call::at).containsOnly(at("10:00:00")).hasSize(2);
    }

    @Test
    void runnerExceptionsAreRetriedLikeFailuresAndDoNotStopScheduling() throws InterruptedException {
        runner.script(ORDERS, throwing(new IllegalStateException("engine crashed")),
                throwing(new IllegalStateException("engine crashed again")));
        source.add(retried(ORDERS, "0 * * * *", 1, Duration.ofMinutes(1), APPLIED));

        for (String time : List.of("10:00:00", "10:01:00", "10:03:00", "10:30:00", "11:00:00")) {
            tick(time);
        }

        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("10:01:00"), at("11:00:00"));
        assertThat(runner.finished()).singleElement().extracting(RunRecord::status).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void keepsTheProductsReadBeforeWhenTheSourceFails() throws InterruptedException {
        source.add(scheduled(ORDERS, "*/15 * * * *", APPLIED));
        tick("10:00:00");

        source.failNextRead(new IllegalStateException("metadata store unreachable"));
        tick("10:15:00");

        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"), at("10:15:00"));
    }

    @Test
    void picksUpProductsAppliedAfterItStarted() throws InterruptedException {
        tick("10:00:00");
        source.add(scheduled(ORDERS, "*/15 * * * *", at("10:05:00")));

        tick("10:10:00");
        tick("10:15:00");

        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:15:00"));
    }

    @Test
    void aSuccessfulUpstreamRunTriggersItsDownstreamProducts() throws InterruptedException {
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED)).add(downstreamOf(REVENUE, APPLIED, ORDERS, CATALOG));

        tick("10:00:00");

        assertThat(runner.calls()).containsExactly(
                new Call(ORDERS, RunTrigger.SCHEDULE, at("10:00:00")),
                new Call(REVENUE, RunTrigger.UPSTREAM, at("10:00:00")));
    }

    @Test
    void aFailedUpstreamRunTriggersNothing() throws InterruptedException {
        runner.script(ORDERS, ends(RunStatus.FAILED_QUALITY));
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED)).add(downstreamOf(REVENUE, APPLIED, ORDERS));

        tick("10:00:00");
        scheduler.onRunCompleted(ended(ORDERS, RunTrigger.MANUAL, RunStatus.FAILED, "10:05:00"));
        assertThat(scheduler.awaitIdle(WAIT)).isTrue();

        assertThat(runner.calls()).extracting(Call::product).containsExactly(ORDERS);
    }

    @Test
    void aReportedManualRunTriggersDownstreamProducts() throws InterruptedException {
        source.add(downstreamOf(REVENUE, APPLIED, ORDERS));
        clock.set(at("10:05:00"));

        scheduler.onRunCompleted(ended(ORDERS, RunTrigger.MANUAL, RunStatus.SUCCEEDED, "10:05:00"));
        assertThat(scheduler.awaitIdle(WAIT)).isTrue();

        assertThat(runner.calls()).containsExactly(new Call(REVENUE, RunTrigger.UPSTREAM, at("10:05:00")));
    }

    @Test
    void upstreamSuccessesWhileTheDownstreamRunsCoalesceIntoOneMoreRun() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.script(REVENUE, blocking(started, release, RunStatus.SUCCEEDED));
        source.add(downstreamOf(REVENUE, APPLIED, ORDERS, CATALOG));
        clock.set(at("10:00:00"));

        scheduler.onRunCompleted(ended(ORDERS, RunTrigger.MANUAL, RunStatus.SUCCEEDED, "10:00:00"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        scheduler.onRunCompleted(ended(CATALOG, RunTrigger.SCHEDULE, RunStatus.SUCCEEDED, "10:01:00"));
        scheduler.onRunCompleted(ended(ORDERS, RunTrigger.MANUAL, RunStatus.SUCCEEDED, "10:02:00"));
        scheduler.onRunCompleted(ended(ORDERS, RunTrigger.MANUAL, RunStatus.SUCCEEDED, "10:03:00"));
        clock.set(at("10:04:00"));
        release.countDown();
        assertThat(scheduler.awaitIdle(WAIT)).isTrue();

        assertThat(runner.calls()).containsExactly(
                new Call(REVENUE, RunTrigger.UPSTREAM, at("10:00:00")),
                new Call(REVENUE, RunTrigger.UPSTREAM, at("10:04:00")));
        assertThat(runner.overlapRequested()).isFalse();
    }

    @Test
    void aClosedSchedulerRunsNothingAndCannotStart() throws InterruptedException {
        source.add(scheduled(ORDERS, "0 * * * *", APPLIED));
        scheduler.close();

        tick("10:00:00");

        assertThat(runner.calls()).isEmpty();
        assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
    @Test
    void eachRunIsHandedItsCauseTheScheduleAndFireTimeTheUpstreamRunAndTheAttempt() throws InterruptedException {
        runner.script(ORDERS, ends(RunStatus.FAILED), ends(RunStatus.SUCCEEDED));
        source.add(retried(ORDERS, "*/15 * * * *", 1, Duration.ofMinutes(1), APPLIED))
                .add(downstreamOf(REVENUE, APPLIED, ORDERS));

        tick("10:07:00");
        tick("10:08:00");

        RunCause scheduled = RunCause.schedule("*/15 * * * *", at("10:00:00"));
        assertThat(runner.causes()).containsExactly(scheduled, scheduled.attempt(2),
                RunCause.upstream(ORDERS, Optional.of(runner.finished(ORDERS).get(1).runId())));
    }

    @Test
    void aRunTheRunnerRefusesIsNotRetried() throws InterruptedException {
        runner.script(ORDERS, throwing(new org.meshwork.api.ForbiddenException("revision 2 declares no schedule")));
        source.add(retried(ORDERS, "0 * * * *", 3, Duration.ofMinutes(1), APPLIED));

        for (String time : List.of("10:00:00", "10:01:00", "10:03:00", "10:07:00")) {
            tick(time);
        }

        assertThat(runner.calls()).extracting(Call::at).containsExactly(at("10:00:00"));
    }
}
