package org.meshwork.table.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.meshwork.api.table.Snapshot;

/** Single flight: concurrent misses of one key build it once; a failed build leaves each waiter to build for itself. */
class SnapshotCacheTest {
    private static final SnapshotCache.Key KEY = new SnapshotCache.Key(Path.of("/lake/t"), 3, "inode", 1L, 10L);
    private static final int READERS = 16;

    private static Snapshot snapshot() {
        return new Snapshot(3, Instant.EPOCH, List.of(), List.of(), 0, Map.of());
    }

    @Test
    void concurrentMissesOfOneKeyShareOneBuild() throws Exception {
        SnapshotCache cache = new SnapshotCache(4);
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<Snapshot>> reads = new ArrayList<>();
            reads.add(pool.submit(() -> cache.getOrBuild(KEY, () -> {
                builds.incrementAndGet();
                building.countDown();
                await(release);
                return snapshot();
            })));
            assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < READERS; i++) {
                reads.add(pool.submit(() -> cache.getOrBuild(KEY, () -> {
                    builds.incrementAndGet();
                    return snapshot();
                })));
            }
            Thread.sleep(100); // the others are now waiting for the first build (or will find it cached)
            release.countDown();
            for (Future<Snapshot> read : reads) {
                assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(snapshot());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
        assertThat(cache.builds()).isEqualTo(1);
        assertThat(cache.get(KEY)).contains(snapshot());
    }

    @Test
    void whenTheSharedBuildFailsEachWaiterBuildsForItself() throws Exception {
        SnapshotCache cache = new SnapshotCache(4);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Snapshot> failing = pool.submit(() -> cache.getOrBuild(KEY, () -> {
                building.countDown();
                await(release);
                throw new IllegalStateException("the log is unreadable");
            }));
            assertThat(building.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Snapshot> waiting = pool.submit(() -> cache.getOrBuild(KEY, SnapshotCacheTest::snapshot));
            Thread.sleep(100);
            release.countDown();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(snapshot());
            assertThat(failing).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("the log is unreadable");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void commitFileNamesHaveTwentyDigits() {
        assertThat(SnapshotCache.commitFileName(0)).isEqualTo("00000000000000000000.json");
        assertThat(SnapshotCache.commitFileName(1234)).isEqualTo(String.format("%020d.json", 1234));
        assertThat(SnapshotCache.commitFileName(Long.MAX_VALUE)).isEqualTo(String.format("%020d.json", Long.MAX_VALUE));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
