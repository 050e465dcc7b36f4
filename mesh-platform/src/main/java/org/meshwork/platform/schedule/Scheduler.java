package org.meshwork.platform.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs products on their cron schedule, retries failed runs, and runs a product after each successful run of one of its
 * upstream products.
 *
 * <p><b>When a scheduled product is due.</b> A fire time is <em>owed</em> when it has passed, is at or after the
 * product's {@link ScheduledProduct#activeSince() activeSince} (the current definition was applied before it), and no
 * run with trigger {@link RunTrigger#SCHEDULE} started at or after it &mdash; neither one this scheduler submitted nor
 * one recorded in the metadata store, so a restarted scheduler does not repeat a run that already happened. Only the
 * latest passed fire time is considered: after downtime spanning several fire times the product runs once, not once per
 * missed time (Airflow's {@code catchup=False}). On first sight a product applied before its latest fire time, and
 * never run on schedule since, runs once at once; one applied after it waits for the next fire time.
 *
 * <p><b>No overlap.</b> At most one run of a product is submitted at a time; a product waiting between retries counts
 * as running. A fire time that passes while the product runs stays owed and runs once when the current run ends. When
 * the runner answers {@link RunInProgressException} (another process runs the product) the fire time counts as covered
 * and the product is tried again at its next fire time. Runs of different products proceed in parallel, bounded by the
 * thread count; a busy product never holds a thread while it waits.
 *
 * <p><b>Retries.</b> A run that ends {@link RunStatus#FAILED} or {@link RunStatus#TIMED_OUT}, or whose runner throws, is
 * retried up to {@link ScheduledProduct#retries()} times with the same trigger, attempt {@code n + 1} starting
 * {@link ScheduledProduct#backoffAfter(int) retryBackoff * 2^(n-1)} after attempt {@code n} ended, on this scheduler's
 * clock. {@link RunStatus#FAILED_QUALITY} is not retried: the data broke a check, and running again on the same data
 * fails the same way. {@link RunStatus#CANCELLED} is not retried either: someone stopped the run on purpose. Pending
 * retries are not persisted; after a restart the next fire time runs the product.
 *
 * <p><b>Upstream.</b> When a run of product A ends {@link RunStatus#SUCCEEDED} (submitted here, or reported through
 * {@link #onRunCompleted}), every product whose {@link ScheduledProduct#upstream()} contains A is submitted with trigger
 * {@link RunTrigger#UPSTREAM}; one that is running is marked to run once more when its current run ends, however many
 * upstream successes arrive meanwhile.
 *
 * <p><b>Causes.</b> Every run is handed to the {@link ProductRunner} with its {@link RunCause}: the cron expression and
 * the fire time it is owed for, or the upstream product and run that triggered it, and the attempt. The runner decides
 * on it whether the run may go ahead and audits it; a run it refuses ({@link ForbiddenException}) or whose product is
 * gone is not retried.
 *
 * <p>{@link #runDue} does one deterministic cycle at a given instant (tests drive it with a controllable clock);
 * {@link #start} runs cycles on a daemon thread, waking at the next fire or retry time, after each finished run, and at
 * least every poll interval to pick up newly applied products. Nothing the runner, the source or the store throws stops
 * the scheduler: it is logged and the cycle carries on. Thread-safe.
 */
public final class Scheduler implements AutoCloseable {
    public static final Duration POLL_INTERVAL_DEFAULT = Duration.ofSeconds(30);
    public static final Duration SHUTDOWN_TIMEOUT_DEFAULT = Duration.ofMinutes(5);
    private static final int RUN_HISTORY_LIMIT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final ScheduleSource source;
    private final ProductRunner runner;
    private final MetadataStore store;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration shutdownTimeout;
    private final ExecutorService executor;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever a run ends or the scheduler closes: wakes the loop and {@link #awaitIdle}. */
    private final Condition changed = lock.newCondition();
    // Everything below is guarded by lock.
    private Map<ProductId, ScheduledProduct> products = Map.of();
    private boolean productsRead;
    private final Map<ProductId, Instant> coveredFireTimes = new HashMap<>();
    private final Set<ProductId> busy = new HashSet<>();
    private final Map<ProductId, PendingRetry> pendingRetries = new HashMap<>();
    /** Downstream products to run once more when their current run ends, with the latest upstream success. */
    private final Map<ProductId, RunCause> rerunRequested = new HashMap<>();
    private int activeJobs;
    /** A run ended since the loop last looked: an owed fire time of that product may now be submitted. */
    private boolean wakeRequested;
    private boolean closed;
    private Thread loop;

    /** A scheduler with the default poll interval and shutdown timeout. */
    public Scheduler(ScheduleSource source, ProductRunner runner, MetadataStore store, Clock clock, int threads) {
        this(source, runner, store, clock, threads, POLL_INTERVAL_DEFAULT, SHUTDOWN_TIMEOUT_DEFAULT);
    }

    /**
     * @param threads how many runs may proceed at once
     * @param pollInterval the longest the loop sleeps before reading the source again
     * @param shutdownTimeout how long {@link #close} waits for runs in flight
     */
    public Scheduler(ScheduleSource source, ProductRunner runner, MetadataStore store, Clock clock, int threads,
            Duration pollInterval, Duration shutdownTimeout) {
        this.source = requireNonNull(source, "source is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.pollInterval = positive(pollInterval, "pollInterval");
        this.shutdownTimeout = positive(shutdownTimeout, "shutdownTimeout");
        this.executor = Executors.newFixedThreadPool(threads, daemonThreads("mesh-scheduler-run-"));
    }

    /**
     * Starts the background loop on a daemon thread.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        lock.lock();
        try {
            if (closed || loop != null) {
                throw new IllegalStateException(closed ? "scheduler is closed" : "scheduler is already started");
            }
            loop = daemonThreads("mesh-scheduler-loop").newThread(this::loop);
            loop.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One scheduling cycle at {@code now}: reads the source again, submits the retries due by then and every product
     * with an owed fire time that is not running. Returns without waiting for the submitted runs.
     */
    public void runDue(Instant now) {
        requireNonNull(now, "now is null");
        Optional<List<ScheduledProduct>> read = readSource();
        Map<ProductId, Owed> candidates = new LinkedHashMap<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            read.ifPresent(this::replaceProducts);
            submitDueRetries(now);
            for (ScheduledProduct product : products.values()) {
                owedFireTime(product, now).ifPresent(fireTime -> candidates.put(product.id(),
                        new Owed(product.schedule().orElseThrow(), fireTime)));
            }
        } finally {
            lock.unlock();
        }
        // The store is read outside the lock so that finishing runs are never held up by it.
        Map<ProductId, Boolean> coveredInStore = new HashMap<>();
        candidates.forEach((id, owed) -> coveredInStore.put(id, scheduledRunSince(id, owed.fireTime())));
        lock.lock();
        try {
            candidates.forEach((id, owed) -> {
                if (closed || busy.contains(id) || isCovered(id, owed.fireTime())) {
                    return;
                }
                coveredFireTimes.put(id, owed.fireTime());
                if (!coveredInStore.get(id)) {
                    LOG.info("{} is due for its scheduled time {}", id, owed.fireTime());
                    submit(id, RunCause.schedule(owed.schedule().text(), owed.fireTime()));
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the scheduler that a run ended, e.g. a manual run: after a successful run, the products downstream of it
     * are submitted with trigger {@link RunTrigger#UPSTREAM}. Runs the scheduler submitted itself are handled without
     * this call. Downstream products are those of the last read of the source (read now if never read yet).
     */
    public void onRunCompleted(RunRecord run) {
        requireNonNull(run, "run is null");
        if (run.status() != RunStatus.SUCCEEDED) {
            return;
        }
        if (!productsRead()) {
            readSource().ifPresent(read -> {
                lock.lock();
                try {
                    if (!productsRead) {
                        replaceProducts(read);
                    }
                } finally {
                    lock.unlock();
                }
            });
        }
        lock.lock();
        try {
            for (ScheduledProduct product : products.values()) {
                ProductId id = product.id();
                if (closed || id.equals(run.productId()) || !product.upstream().contains(run.productId())) {
                    continue;
                }
                RunCause cause = RunCause.upstream(run.productId(), Optional.of(run.runId()));
                if (busy.contains(id)) {
                    rerunRequested.put(id, cause);
                } else {
                    LOG.info("{} runs after its upstream {} succeeded", id, run.productId());
                    submit(id, cause);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no run is submitted or in progress. Retries waiting for their time and fire times still to come do
     * not count.
     *
     * @return whether the scheduler became idle before {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (activeJobs > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the loop, drops pending retries and reruns, and waits up to the shutdown timeout for runs in flight to
     * end; runs still going then are interrupted. Idempotent.
     */
    @Override
    public void close() {
        Thread loopThread;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pendingRetries.clear();
            rerunRequested.clear();
            loopThread = loop;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        executor.shutdown();
        try {
            if (loopThread != null) {
                loopThread.join(shutdownTimeout.toMillis());
            }
            if (!executor.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("runs still in progress after {}: interrupting them", shutdownTimeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                wakeRequested = false;
            } finally {
                lock.unlock();
            }
            try {
                runDue(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("scheduling cycle failed", e);
            }
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                Instant now = clock.instant();
                Duration wait = Duration.between(now, nextWakeUp(now));
                if (!wakeRequested) {
                    changed.awaitNanos(Math.max(1, Math.min(wait.toNanos(), pollInterval.toNanos())));
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The earliest next fire or retry time, at most one poll interval away. Called with the lock held. */
    private Instant nextWakeUp(Instant now) {
        Instant next = now.plus(pollInterval);
        for (ScheduledProduct product : products.values()) {
            Optional<Instant> fire = product.schedule().flatMap(schedule -> schedule.nextFireAfter(now));
            if (fire.isPresent() && fire.get().isBefore(next)) {
                next = fire.get();
            }
        }
        for (PendingRetry retry : pendingRetries.values()) {
            if (retry.dueAt().isBefore(next)) {
                next = retry.dueAt();
            }
        }
        return next;
    }

    private Optional<List<ScheduledProduct>> readSource() {
        try {
            return Optional.of(source.products());
        } catch (RuntimeException e) {
            LOG.error("could not read the products to schedule; keeping the ones read before", e);
            return Optional.empty();
        }
    }

    private boolean productsRead() {
        lock.lock();
        try {
            return productsRead;
        } finally {
            lock.unlock();
        }
    }

    private void replaceProducts(List<ScheduledProduct> read) {
        Map<ProductId, ScheduledProduct> byId = new LinkedHashMap<>();
        for (ScheduledProduct product : read) {
            byId.put(product.id(), product);
        }
        products = byId;
        productsRead = true;
    }

    /** The latest passed fire time of a product if it is owed as far as this scheduler knows. Lock held. */
    private Optional<Instant> owedFireTime(ScheduledProduct product, Instant now) {
        if (busy.contains(product.id())) {
            return Optional.empty();
        }
        return product.schedule()
                .flatMap(schedule -> schedule.lastFireAtOrBefore(now))
                .filter(fireTime -> !fireTime.isBefore(product.activeSince()))
                .filter(fireTime -> !isCovered(product.id(), fireTime));
    }

    private boolean isCovered(ProductId id, Instant fireTime) {
        Instant covered = coveredFireTimes.get(id);
        return covered != null && !covered.isBefore(fireTime);
    }

    /** Whether the store holds a run with trigger SCHEDULE that started at or after {@code fireTime}. */
    private boolean scheduledRunSince(ProductId id, Instant fireTime) {
        try {
            for (RunRecord run : store.runs(id, RUN_HISTORY_LIMIT)) {
                if (run.startedAt().isBefore(fireTime)) {
                    return false;
                }
                if (run.trigger() == RunTrigger.SCHEDULE) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            LOG.error("could not read the runs of {}; assuming no scheduled run since {}", id, fireTime, e);
            return false;
        }
    }

    private void submitDueRetries(Instant now) {
        Iterator<Map.Entry<ProductId, PendingRetry>> entries = pendingRetries.entrySet().iterator();
        List<Map.Entry<ProductId, PendingRetry>> due = new ArrayList<>();
        while (entries.hasNext()) {
            Map.Entry<ProductId, PendingRetry> entry = entries.next();
            if (!entry.getValue().dueAt().isAfter(now)) {
                due.add(entry);
                entries.remove();
            }
        }
        for (Map.Entry<ProductId, PendingRetry> entry : due) {
            LOG.info("retrying {} (attempt {})", entry.getKey(), entry.getValue().cause().attempt());
            submit(entry.getKey(), entry.getValue().cause());
        }
    }

    /** Hands one attempt to the executor. Lock held. */
    private void submit(ProductId id, RunCause cause) {
        busy.add(id);
        activeJobs++;
        try {
            executor.execute(() -> attempt(id, cause));
        } catch (RejectedExecutionException e) {
            busy.remove(id);
            activeJobs--;
            LOG.warn("could not submit a run of {}: the scheduler is shutting down", id);
        }
    }

    private void attempt(ProductId id, RunCause cause) {
        Outcome outcome = Outcome.FINAL;
        try {
            RunRecord run = runner.run(id, cause);
            outcome = outcomeOf(run.status());
            LOG.info("run {} of {} ({}, attempt {}) ended {}", run.runId(), id, cause.trigger().label(), cause.attempt(),
                    run.status().label());
            // Before finish(): downstream runs are submitted while this one still counts as active, so awaitIdle
            // cannot slip in between.
            onRunCompleted(run);
        } catch (RunInProgressException e) {
            LOG.info("{} was not run: {}", id, e.getMessage());
        } catch (ForbiddenException | NoSuchProductException e) {
            LOG.warn("{} was not run ({}): {}", id, cause.trigger().label(), e.getMessage());
        } catch (RuntimeException e) {
            outcome = Outcome.RETRYABLE;
            LOG.error("run of {} ({}, attempt {}) failed", id, cause.trigger().label(), cause.attempt(), e);
        } finally {
            finish(id, cause, outcome);
        }
    }

    private static Outcome outcomeOf(RunStatus status) {
        return switch (status) {
            case FAILED, TIMED_OUT -> Outcome.RETRYABLE;
            case RUNNING, SUCCEEDED, FAILED_QUALITY, CANCELLED -> Outcome.FINAL;
        };
    }

    private void finish(ProductId id, RunCause cause, Outcome outcome) {
        lock.lock();
        try {
            activeJobs--;
            ScheduledProduct product = products.get(id);
            int attempt = cause.attempt();
            if (!closed && outcome == Outcome.RETRYABLE && product != null && attempt <= product.retries()) {
                Instant dueAt = clock.instant().plus(product.backoffAfter(attempt));
                pendingRetries.put(id, new PendingRetry(cause.attempt(attempt + 1), dueAt));
                LOG.info("{} will be retried at {} (attempt {} of {})", id, dueAt, attempt + 1, product.retries() + 1);
            } else {
                busy.remove(id);
                RunCause rerun = rerunRequested.remove(id);
                if (rerun != null && !closed) {
                    submit(id, rerun);
                }
            }
            wakeRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static Duration positive(Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
        return duration;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** How an attempt ended, as far as retrying goes. */
    private enum Outcome {
        /** Transient: failed, timed out or the runner threw. */
        RETRYABLE,
        /**
         * Succeeded, failed its quality checks, was cancelled, or did not start: another run was in progress, the run
         * was refused, or the product is gone.
         */
        FINAL
    }

    private record PendingRetry(RunCause cause, Instant dueAt) {}

    /** A product's latest passed fire time of its schedule, not yet covered. */
    private record Owed(CronSchedule schedule, Instant fireTime) {}
}
