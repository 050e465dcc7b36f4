package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.meshwork.api.store.StoreRevision;

/**
 * What the store read, reused while the {@link StoreRevision} stays the same. Every lookup reads the revision first
 * (from the database: one prepared statement on a held connection) and then either finds a value read at that same
 * revision or reads it; a value is therefore never older than the revision it is filed under, and a change by any
 * process — which raises the revision in its own transaction — makes the next lookup read again. Values must be
 * immutable.
 *
 * <p>Within a {@link #pin() pinned} scope (one served request) the revision is read once, at the scope's first lookup,
 * and every lookup of the scope uses that number: the request sees the state of its start (or newer), never older, and
 * a change made meanwhile takes effect on the next request. A change made through this store on the scope's own thread
 * ({@link #changed()}) makes the scope read the revision again, so a request that writes and then reads sees its write.
 *
 * <p>The values of one revision are kept together and dropped as a whole when a newer revision is seen. At most
 * {@link #MAX_ENTRIES} are kept per revision (e.g. lookups of unknown token ids are not allowed to grow it without
 * bound); beyond that, lookups read the store every time.
 */
final class RevisionCache {
    static final int MAX_ENTRIES = 10_000;

    private final StoreRevision revision;
    private final AtomicReference<Generation> generation = new AtomicReference<>(new Generation(Long.MIN_VALUE));
    private final ThreadLocal<Pin> pins = new ThreadLocal<>();

    RevisionCache(StoreRevision revision) {
        this.revision = requireNonNull(revision, "revision is null");
    }

    /** A scope on this thread whose lookups read the revision once; nested scopes are part of the outer one. */
    Scope pin() {
        if (pins.get() != null) {
            return () -> {};
        }
        Pin pin = new Pin();
        pins.set(pin);
        return () -> {
            if (pins.get() == pin) {
                pins.remove();
            }
        };
    }

    /** This thread changed what is cached (a changing transaction committed or failed): read the revision again. */
    void changed() {
        Pin pin = pins.get();
        if (pin != null) {
            pin.read = false;
        }
    }

    private long now() {
        Pin pin = pins.get();
        if (pin == null) {
            return revision.revision();
        }
        if (!pin.read) {
            pin.revision = revision.revision();
            pin.read = true;
        }
        return pin.revision;
    }

    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> load) {
        long now = now();
        Generation current = generation.get();
        while (current.revision() < now) {
            Generation next = new Generation(now);
            if (generation.compareAndSet(current, next)) {
                current = next;
            } else {
                current = generation.get();
            }
        }
        if (current.revision() != now) {
            return load.get(); // another thread has seen a newer revision already: this reading is behind
        }
        Object cached = current.values().get(key);
        if (cached != null) {
            return (T) cached;
        }
        T loaded = requireNonNull(load.get(), "a cached read returned null");
        if (current.values().size() < MAX_ENTRIES) {
            current.values().putIfAbsent(key, loaded);
        }
        return loaded;
    }

    /** A pinned scope; closing it ends the pin (closing twice does nothing). */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The revision a scope read, confined to its thread. */
    private static final class Pin {
        long revision;
        boolean read;
    }

    private record Generation(long revision, Map<Object, Object> values) {
        Generation(long revision) {
            this(revision, new ConcurrentHashMap<>());
        }
    }
}
