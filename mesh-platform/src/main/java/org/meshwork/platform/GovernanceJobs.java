package org.meshwork.platform;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic governance work {@code mesh serve} hosts beside its scheduler and SLA monitor: the continuous policy
 * evaluation ({@link Mesh#evaluatePolicies()}, which keeps every product's compliance status current) and the
 * retention job ({@link Mesh#retentionJob()}{@code .enforceAll()}, which deletes expired rows and snapshots).
 *
 * <p>Each job runs on its own daemon thread with a fixed delay after the previous pass ended, so a slow pass never
 * piles up behind itself. A failing pass is logged and the next one runs on time: one broken product must not stop
 * governance for the others (the retention job already isolates products; this guards the pass as a whole).
 * {@link #close()} stops both and waits for a pass in progress, so the workspace is never closed under it.
 */
public final class GovernanceJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceJobs.class);

    private final Mesh mesh;
    private final Duration policyInterval;
    private final Duration retentionInterval;
    private final Duration shutdownTimeout;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "meshwork-governance-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong policyPasses = new AtomicLong();
    private final AtomicLong retentionPasses = new AtomicLong();
    private boolean started;

    public GovernanceJobs(Mesh mesh, Duration policyInterval, Duration retentionInterval, Duration shutdownTimeout) {
        this.mesh = requireNonNull(mesh, "mesh is null");
        this.policyInterval = requirePositive(policyInterval, "policyInterval");
        this.retentionInterval = requirePositive(retentionInterval, "retentionInterval");
        this.shutdownTimeout = requireNonNull(shutdownTimeout, "shutdownTimeout is null");
    }

    private static Duration requirePositive(Duration value, String name) {
        requireNonNull(value, name + " is null");
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** Starts both jobs; the first policy pass runs at once (compliance is current from the start), retention after one interval. */
    public synchronized GovernanceJobs start() {
        if (started) {
            throw new IllegalStateException("the governance jobs are already started");
        }
        started = true;
        executor.scheduleWithFixedDelay(this::evaluatePolicies, 0, policyInterval.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::enforceRetention, retentionInterval.toMillis(),
                retentionInterval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Continuous policy evaluation every {}, retention every {}", policyInterval, retentionInterval);
        return this;
    }

    private void evaluatePolicies() {
        try {
            int verdicts = mesh.evaluatePolicies().size();
            LOG.debug("continuous policy evaluation: {} verdict(s)", verdicts);
        } catch (RuntimeException e) {
            LOG.warn("continuous policy evaluation failed; the next pass runs in {}", policyInterval, e);
        } finally {
            policyPasses.incrementAndGet();
        }
    }

    private void enforceRetention() {
        try {
            int products = mesh.retentionJob().enforceAll().size();
            LOG.debug("retention pass over {} product(s)", products);
        } catch (RuntimeException e) {
            LOG.warn("retention pass failed; the next pass runs in {}", retentionInterval, e);
        } finally {
            retentionPasses.incrementAndGet();
        }
    }

    /** Policy passes finished (successfully or not) since {@link #start()}. */
    public long policyPasses() {
        return policyPasses.get();
    }

    /** Retention passes finished (successfully or not) since {@link #start()}. */
    public long retentionPasses() {
        return retentionPasses.get();
    }

    /** Stops both jobs: no new pass starts; a pass in progress may finish within the shutdown timeout. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(Math.max(1, shutdownTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
                LOG.warn("a governance pass is still running after {}; interrupting it", shutdownTimeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
