package org.meshwork.governance.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;
import org.meshwork.api.audit.AuditTrail;

/**
 * Group commit for the audit log. Appending one entry per transaction makes every concurrent reader queue for the
 * store's write lock (and, on SQLite, sleep in its busy handler) and flush the log to disk once per entry. Here the
 * appends of concurrent callers are handed to one writer thread, which writes whatever has queued up meanwhile with
 * {@link AuditTrail#recordAll} — one transaction, one flush — and only then lets each of those callers return.
 *
 * <p>Nothing is weakened: {@link #append} still returns only once the caller's entry is committed (durable as the
 * store's commit is), and throws when the batch holding it failed, exactly as a single append would; the entries of a
 * batch are linked into the hash chain in the order they were appended; a crash before the commit loses the whole
 * batch, but no caller of that batch has returned yet. Under no contention a batch is one entry and costs what an
 * unbatched append did.
 */
public final class GroupCommitAuditLog implements AuditLog, AutoCloseable {
    /** The most entries written in one transaction. */
    static final int MAX_BATCH = 512;

    private final AuditTrail trail;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {}

    public GroupCommitAuditLog(AuditTrail trail) {
        this.trail = requireNonNull(trail, "trail is null");
        this.writer = new Thread(this::write, "meshwork-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Appends the event; returns once it is committed to the audit trail, with the other events of its batch. */
    @Override
    public void append(AuditEvent event) {
        requireNonNull(event, "event is null");
        Pending pending = new Pending(event, new CompletableFuture<>());
        boolean queued;
        synchronized (this) {
            // closed is set under this lock, so the writer, which drains the queue before it stops, sees every add
            queued = !closed;
            if (queued) {
                queue.add(pending);
            }
        }
        if (!queued) {
            // after close (a last append while the workspace shuts down): written directly
            trail.record(event);
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    pending.done().get();
                    return;
                } catch (InterruptedException e) {
                    // the entry is on its way into the chain either way: wait for the outcome, keep the interrupt
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("appending to the audit log failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                trail.recordAll(batch.stream().map(Pending::event).toList());
                batch.forEach(pending -> pending.done().complete(null));
            } catch (RuntimeException | Error e) {
                batch.forEach(pending -> pending.done().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /** Writes what is queued, then stops the writer; later appends go to the trail directly. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
