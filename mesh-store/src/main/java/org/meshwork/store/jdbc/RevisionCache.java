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
 * <p>The values of one revision are kept together and dropped as a whole when a newer revision is seen. At most
 * {@link #MAX_ENTRIES} are kept per revision (e.g. lookups of unknown token ids are not allowed to grow it without
 * bound); beyond that, lookups read the store every time.
 */
final class RevisionCache {
    static final int MAX_ENTRIES = 10_000;

    private final StoreRevision revision;
    private final AtomicReference<Generation> generation = new AtomicReference<>(new Generation(Long.MIN_VALUE));

    RevisionCache(StoreRevision revision) {
        this.revision = requireNonNull(revision, "revision is null");
    }

    @SuppressWarnings("unchecked")
    <T> T get(Object key, Supplier<T> load) {
        long now = revision.revision();
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

    private record Generation(long revision, Map<Object, Object> values) {
        Generation(long revision) {
            this(revision, new ConcurrentHashMap<>());
        }
    }
}
