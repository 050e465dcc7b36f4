package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meshwork.platform.schedule.FakeProductRunner.blocking;
import static org.meshwork.platform.schedule.FakeProductRunner.ends;
import static org.meshwork.platform.schedule.FakeProductRunner.throwing;
import static org.meshwork.platform.schedule.FixedScheduleSource.downstreamOf;
import static org.meshwork.platform.schedule.FixedScheduleSource.scheduled;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.platform.schedule.FakeProductRunner.Call;
import org.meshwork.testing.store.InMemoryMetadataStore;
import org.meshwork.testing.time.MutableClock;

/** The background loop on real threads, with a clock the test moves. */
class SchedulerIT {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId REVENUE = ProductId.parse("dp.sales.revenue");
    private static final Instant APPLIED = Instant.parse("2026-11-24T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:30Z");
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final FakeProductRunner runner = new FakeProductRunner(store, clock);
    private final FixedScheduleSource source = new FixedScheduleSource();

    private static Instant at(String time) {
        return Instant.parse("2026-11-24T" + time + "Z");
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, WAIT).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static boolean loopThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("mesh-scheduler-loop") && thread.isAlive());
    }

    @Test
    void theLoopRunsDueProductsAsTheClockMovesSurvivesRunnerFailuresAndClosesCleanly() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.script(ORDERS, ends(RunStatus.SUCCEEDED), throwing(new IllegalStateException("engine crashed")),
                ends(RunStatus.SUCCEEDED), blocking(started, release, RunStatus.SUCCEEDED));
        source.add(scheduled(ORDERS, "* * * * *", APPLIED)).add(downstreamOf(REVENUE, APPLIED, ORDERS));
        Scheduler scheduler = new Scheduler(source, runner, store, clock, 2, Duration.ofMillis(20), WAIT);

        scheduler.start();
        eventually("the missed 10:00 run and its downstream run", () -> runner.calls().size() == 2);
        clock.set(at("10:01:00"));
        eventually("the 10:01 run, whose runner throws", () -> runner.calls(ORDERS).size() == 2);
        clock.set(at("10:02:00"));
        eventually("the 10:02 run and its downstream run", () -> runner.calls().size() == 5);
        clock.set(at("10:03:00"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(scheduler::close);
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close() waits for the run in flight").isTrue();
        release.countDown();
        closer.join(WAIT.toMillis());
        assertThat(closer.isAlive()).isFalse();

        clock.set(at("10:04:00"));
        Thread.sleep(100);
        assertThat(loopThreadAlive()).isFalse();
        assertThat(runner.calls(ORDERS)).extracting(Call::at)
                .containsExactly(at("10:00:30"), at("10:01:00"), at("10:02:00"), at("10:03:00"));
        assertThat(runner.calls(REVENUE)).extracting(Call::trigger).containsExactly(RunTrigger.UPSTREAM, RunTrigger.UPSTREAM);
        assertThat(runner.finished(ORDERS)).extracting(RunRecord::status).containsOnly(RunStatus.SUCCEEDED).hasSize(3);
        assertThat(runner.overlapRequested()).isFalse();
    }

    @Test
    void closingAnIdleStartedSchedulerStopsTheLoopAtOnce() throws InterruptedException {
        Scheduler scheduler = new Scheduler(source, runner, store, clock, 1, Duration.ofMinutes(1), WAIT);
        scheduler.start();
        eventually("the loop to start", SchedulerIT::loopThreadAlive);

        long before = System.nanoTime();
        scheduler.close();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(loopThreadAlive()).isFalse();
        assertThat(runner.calls()).isEmpty();
    }
}
