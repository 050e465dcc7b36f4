package org.meshwork.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.engine.GovernedQueryEngine;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.SessionOptions;

/**
 * Governed sessions over pooled databases. Starting a locked-down DuckDB database for every read (its thread pool,
 * its views, reading the Parquet footers again) and shutting it down afterwards costs more than a selective read
 * itself; this pool keeps up to {@code maxDatabases} of them and gives each read a connection of its own to the
 * database built from the identical {@link GovernedRecipe} — the same rendered views (columns, masks, salt, row
 * filters), the same snapshot files, the same settings. A database is never re-targeted: a read whose decision or
 * snapshot differs in anything gets another database, so a pooled session is indistinguishable from a fresh one,
 * and a revoked grant or a new snapshot takes effect at once (the caller decides access before every read; the new
 * decision is another recipe). Reader SQL can change nothing a later reader would see: the guard admits one SELECT
 * over the views, and the configuration is locked.
 *
 * <p>Bounds: at most {@code maxDatabases} databases (each with the engine's memory limit and thread count); when all
 * are in use by other recipes, the read gets a database of its own, closed with it. A database nobody has used for
 * {@code idleTimeout} is closed, and so is a database whose every product has a newer recipe (a publish or a
 * changed grant) once its last reader is done. {@code maxDatabases = 0} turns pooling off.
 */
public final class GovernedSessionPool implements GovernedQueryEngine, AutoCloseable {

    private final SqlGuard guard;
    private final int maxDatabases;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<GovernedRecipe, Entry> entries = new LinkedHashMap<>();
    private final ScheduledExecutorService sweeper;
    private boolean closed;
    private long reused;
    private long created;

    /** One pooled database: created by the first read of its recipe, shared by later ones. */
    private static final class Entry {
        final GovernedRecipe recipe;
        GovernedDatabase database;
        int leases;
        Instant lastUsed;
        boolean retired;

        Entry(GovernedRecipe recipe, Instant now) {
            this.recipe = recipe;
            this.lastUsed = now;
        }
    }

    public GovernedSessionPool(int maxDatabases, Duration idleTimeout) {
        this(maxDatabases, idleTimeout, Clock.systemUTC());
    }

    GovernedSessionPool(int maxDatabases, Duration idleTimeout, Clock clock) {
        if (maxDatabases < 0) {
            throw new IllegalArgumentException("maxDatabases must not be negative, got " + maxDatabases);
        }
        requireNonNull(idleTimeout, "idleTimeout is null");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        this.guard = new SqlGuard();
        this.maxDatabases = maxDatabases;
        this.idleTimeout = idleTimeout;
        this.clock = requireNonNull(clock, "clock is null");
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "meshwork-session-pool");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1_000, Math.min(idleTimeout.toMillis() / 2, 30_000));
        sweeper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public Set<ProductId> productsOf(String sql) {
        return guard.productsOf(sql);
    }

    /** Never pooled: its files are gone when the read ends, so no later read could share the database. */
    @Override
    public GovernedSession openGovernedOnce(SessionOptions options, String maskSalt, List<GovernedView> views) {
        synchronized (this) {
            if (closed) {
                throw new MeshException(ErrorCode.INTERNAL, "the read path is shut down");
            }
        }
        return GovernedDuckDbSession.open(options, maskSalt, views, guard);
    }

    @Override
    public GovernedSession openGoverned(SessionOptions options, String maskSalt, List<GovernedView> views) {
        GovernedRecipe recipe = GovernedRecipe.of(options, maskSalt, views);
        Entry entry;
        List<GovernedDatabase> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw new MeshException(ErrorCode.INTERNAL, "the read path is shut down");
            }
            entry = entries.get(recipe);
            if (entry == null) {
                retireSupersededBy(recipe, toClose);
                if (entries.size() >= maxDatabases) {
                    evictLeastRecentlyUsed(toClose);
                }
                if (entries.size() < maxDatabases) {
                    entry = new Entry(recipe, clock.instant());
                    entries.put(recipe, entry);
                }
            }
            if (entry != null) {
                entry.leases++;
            }
        }
        toClose.forEach(GovernedDatabase::close);
        if (entry == null) {
            // pooling off, or every pooled database busy with another recipe: one of its own
            return GovernedDuckDbSession.open(options, maskSalt, views, guard);
        }
        Entry leased = entry;
        try {
            GovernedDatabase database = databaseOf(leased);
            return new GovernedDuckDbSession(database, guard, () -> release(leased));
        } catch (RuntimeException e) {
            synchronized (this) {
                // a database that cannot be built or connected to is not kept for the next read
                leased.retired = true;
                entries.remove(leased.recipe, leased);
            }
            release(leased);
            throw e;
        }
    }

    /** The entry's database, built by the first read that needs it while the others of its recipe wait. */
    private GovernedDatabase databaseOf(Entry entry) {
        synchronized (entry) {
            if (entry.database == null) {
                entry.database = GovernedDatabase.create(entry.recipe, true);
                synchronized (this) {
                    created++;
                }
            } else {
                synchronized (this) {
                    reused++;
                }
            }
            return entry.database;
        }
    }

    private void release(Entry entry) {
        GovernedDatabase toClose = null;
        synchronized (this) {
            entry.leases--;
            entry.lastUsed = clock.instant();
            if (entry.retired && entry.leases == 0) {
                toClose = entry.database;
                entry.database = null;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /**
     * A new recipe for the same products as an older one means a new snapshot or a changed decision for the same
     * set of products; reads already running on the old database finish, then it closes. (A time-travel read
     * alternating with current reads only rebuilds its database: correct, if slower.)
     */
    private void retireSupersededBy(GovernedRecipe recipe, List<GovernedDatabase> toClose) {
        Set<ProductId> products = recipe.products();
        for (java.util.Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry old = it.next();
            if (old.recipe.products().equals(products) && sameViewsButFiles(old.recipe, recipe)) {
                it.remove();
                retire(old, toClose);
            }
        }
    }

    /** Whether two recipes differ only in their snapshot files: an older snapshot of the same reads. */
    private static boolean sameViewsButFiles(GovernedRecipe a, GovernedRecipe b) {
        if (a.views().size() != b.views().size()) {
            return false;
        }
        for (int i = 0; i < a.views().size(); i++) {
            GovernedView x = a.views().get(i);
            GovernedView y = b.views().get(i);
            if (!x.product().equals(y.product()) || !x.decision().columns().equals(y.decision().columns())
                    || !x.decision().rowFilter().equals(y.decision().rowFilter())) {
                return false;
            }
        }
        return true;
    }

    private void evictLeastRecentlyUsed(List<GovernedDatabase> toClose) {
        Optional<Entry> idle = entries.values().stream().filter(entry -> entry.leases == 0)
                .min(Comparator.comparing(entry -> entry.lastUsed));
        idle.ifPresent(entry -> {
            entries.remove(entry.recipe);
            retire(entry, toClose);
        });
    }

    private static void retire(Entry entry, List<GovernedDatabase> toClose) {
        entry.retired = true;
        if (entry.leases == 0 && entry.database != null) {
            toClose.add(entry.database);
            entry.database = null;
        }
    }

    /** Closes the databases nobody has used for the idle timeout. */
    void closeIdle() {
        List<GovernedDatabase> toClose = new ArrayList<>();
        synchronized (this) {
            Instant cutoff = clock.instant().minus(idleTimeout);
            for (java.util.Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.leases == 0 && entry.lastUsed.isBefore(cutoff)) {
                    it.remove();
                    retire(entry, toClose);
                }
            }
        }
        toClose.forEach(GovernedDatabase::close);
    }

    /** How many databases the pool holds now. */
    public synchronized int size() {
        return entries.size();
    }

    /** Reads served by an existing pooled database, and pooled databases built, since the pool started. */
    public synchronized long[] reusedAndCreated() {
        return new long[] {reused, created};
    }

    /** Closes the idle databases now; busy ones close when their last reader is done. New reads are refused. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        List<GovernedDatabase> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Entry entry : entries.values()) {
                retire(entry, toClose);
            }
            entries.clear();
        }
        toClose.forEach(GovernedDatabase::close);
    }
}
