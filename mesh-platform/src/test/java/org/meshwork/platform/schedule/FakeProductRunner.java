package org.meshwork.platform.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;

/**
 * A {@link ProductRunner} that plays a script per product and records every run in a metadata store, started at the
 * clock's time and ended at the clock's time once its step is done. Like a real runner it refuses a second concurrent
 * run of one product; it also remembers whether anyone ever asked for one.
 */
final class FakeProductRunner implements ProductRunner {
    private final MetadataStore store;
    private final Clock clock;
    private final Map<ProductId, Deque<Step>> scripts = new HashMap<>();
    private final List<RunRecord> finished = new ArrayList<>();
    private final List<ProductId> refused = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<RunCause> causes = new ArrayList<>();
    private final Set<ProductId> runningElsewhere = new HashSet<>();
    private final Set<ProductId> running = new HashSet<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private int maxConcurrent;
    private boolean overlapRequested;

    /** What one run does; returns its final status. Runs without a scripted step succeed at once. */
    @FunctionalInterface
    interface Step {
        RunStatus perform() throws InterruptedException;
    }

    FakeProductRunner(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static Step ends(RunStatus status) {
        return () -> status;
    }

    static Step throwing(RuntimeException exception) {
        return () -> {
            throw exception;
        };
    }

    /** Signals {@code started}, then waits for {@code release} before it ends with {@code status}. */
    static Step blocking(CountDownLatch started, CountDownLatch release, RunStatus status) {
        return () -> {
            started.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the run");
            }
            return status;
        };
    }

    /** Appends steps to a product's script. */
    synchronized FakeProductRunner script(ProductId product, Step... steps) {
        scripts.computeIfAbsent(product, id -> new ArrayDeque<>()).addAll(List.of(steps));
        return this;
    }

    @Override
    public RunRecord run(ProductId product, RunCause cause) {
        RunTrigger trigger = cause.trigger();
        Step step;
        synchronized (this) {
            calls.add(new Call(product, trigger, clock.instant()));
            causes.add(cause);
            if (runningElsewhere.contains(product)) {
                throw new RunInProgressException(product);
            }
            if (!running.add(product)) {
                overlapRequested = true;
                refused.add(product);
                throw new RunInProgressException(product);
            }
            Deque<Step> script = scripts.get(product);
            step = script == null || script.isEmpty() ? ends(RunStatus.SUCCEEDED) : script.removeFirst();
            maxConcurrent = Math.max(maxConcurrent, concurrent.incrementAndGet());
        }
        RunRecord started = RunRecord.started("run-" + sequence.incrementAndGet(), product, 1, trigger, clock.instant());
        store.insertRun(started);
        try {
            RunStatus status = step.perform();
            RunRecord ended = new RunRecord(started.runId(), product, 1, trigger, status, started.startedAt(),
                    Optional.of(clock.instant()), 0, 0, 0, 0, Optional.empty(), Optional.empty());
            store.updateRun(ended);
            synchronized (this) {
                finished.add(ended);
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            synchronized (this) {
                running.remove(product);
                concurrent.decrementAndGet();
            }
        }
    }

    /** One call of {@link #run}, whether it ran, was refused or threw. */
    record Call(ProductId product, RunTrigger trigger, Instant at) {}

    /** From now on, a run of {@code product} is refused as if another process were running it. */
    synchronized void startRunningElsewhere(ProductId product) {
        runningElsewhere.add(product);
    }

    synchronized void stopRunningElsewhere(ProductId product) {
        runningElsewhere.remove(product);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The causes of every call of {@link #run}, in order. */
    synchronized List<RunCause> causes() {
        return List.copyOf(causes);
    }

    synchronized List<Call> calls(ProductId product) {
        return calls.stream().filter(call -> call.product().equals(product)).toList();
    }

    /** The runs that returned a record, in the order they ended. */
    synchronized List<RunRecord> finished() {
        return List.copyOf(finished);
    }

    synchronized List<RunRecord> finished(ProductId product) {
        return finished.stream().filter(run -> run.productId().equals(product)).toList();
    }

    /** Products for which a run was asked while one was in progress (and refused). */
    synchronized List<ProductId> refused() {
        return List.copyOf(refused);
    }

    synchronized boolean overlapRequested() {
        return overlapRequested;
    }

    synchronized int maxConcurrent() {
        return maxConcurrent;
    }
}
