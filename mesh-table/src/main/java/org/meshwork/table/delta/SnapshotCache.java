package org.meshwork.table.delta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.meshwork.api.table.Snapshot;

/**
 * Snapshots already built, keyed by the commit file they end with. Building a snapshot replays the table's log and
 * lists its files — for a served read, the largest cost after the query itself — yet a version never changes once
 * committed. A reader that finds the same commit file as before (same table, version, file identity, modification
 * time and size) gets the snapshot built then. A table deleted and created again at the same place has new commit
 * files, so it never gets the old table's snapshots. Bounded, least recently used first out; thread-safe.
 *
 * <p>A miss is built once ({@link #getOrBuild}): readers that miss the same key while it is being built wait for that
 * build instead of each replaying the log (32 concurrent first reads of a new version used to build it 32 times).
 */
final class SnapshotCache {
    /** The commit file a snapshot ends with, as the file system describes it. */
    record Key(Path table, long version, Object fileKey, long modifiedNanos, long size) {}

    private final Map<Key, Snapshot> entries;
    private final Map<Key, CompletableFuture<Snapshot>> building = new ConcurrentHashMap<>();
    private long hits;
    private long builds;

    SnapshotCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Snapshot> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The key of {@code version} of the table at {@code root}: empty when its commit file does not exist (any more). */
    static Optional<Key> key(Path root, long version) {
        Path commit = root.resolve(DeltaProductTable.LOG_DIRECTORY).resolve(commitFileName(version));
        try {
            BasicFileAttributes attributes = Files.readAttributes(commit, BasicFileAttributes.class);
            return Optional.of(new Key(root, version, Objects.requireNonNullElse(attributes.fileKey(), ""),
                    attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attributes.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable metadata: build the snapshot as if nothing were cached
        }
    }

    /** {@code 00000000000000000007.json}: twenty digits; {@code String.format} showed in the profile of every read. */
    static String commitFileName(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        String digits = Long.toString(version);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + ".json";
    }

    synchronized Optional<Snapshot> get(Key key) {
        Snapshot snapshot = entries.get(key);
        if (snapshot != null) {
            hits++;
        }
        return Optional.ofNullable(snapshot);
    }

    synchronized void put(Key key, Snapshot snapshot) {
        if (key.version() != snapshot.version()) {
            throw new IllegalArgumentException("snapshot " + snapshot.version() + " under the key of version " + key.version());
        }
        entries.put(key, snapshot);
    }

    /**
     * The snapshot under {@code key}, built by {@code build} when it is not cached. Concurrent callers with the same
     * key share one build: the first builds, the others wait for it. If that build fails, each waiter builds for
     * itself, so every caller sees its own failure (or success) rather than another thread's exception.
     */
    Snapshot getOrBuild(Key key, Supplier<Snapshot> build) {
        Optional<Snapshot> cached = get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> running = building.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for snapshot " + key.version()
                        + " of " + key.table() + " to be built", e);
            } catch (ExecutionException e) {
                return built(key, build);
            }
        }
        try {
            Snapshot snapshot = peek(key).orElseGet(() -> built(key, build)); // built meanwhile by a finished flight?
            mine.complete(snapshot);
            return snapshot;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            building.remove(key, mine);
        }
    }

    private Snapshot built(Key key, Supplier<Snapshot> build) {
        Snapshot snapshot = build.get();
        synchronized (this) {
            builds++;
        }
        put(key, snapshot);
        return snapshot;
    }

    private synchronized Optional<Snapshot> peek(Key key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** How many snapshots {@link #getOrBuild} built (for tests and diagnostics). */
    synchronized long builds() {
        return builds;
    }

    /** How many lookups found a snapshot (for tests and diagnostics). */
    synchronized long hits() {
        return hits;
    }
}
