package org.meshwork.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.meshwork.api.store.StoreRevision;

/** The cache's rules with a hand-written revision counter: reuse while equal, read again once it moves. */
class RevisionCacheTest {
    /** A revision the test moves by hand; counts how often it is read. */
    private static final class FakeRevision implements StoreRevision {
        final AtomicLong value = new AtomicLong(7);
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public long revision() {
            reads.incrementAndGet();
            return value.get();
        }
    }

    private final FakeRevision revision = new FakeRevision();
    private final RevisionCache cache = new RevisionCache(revision);
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void aValueIsReusedWhileTheRevisionStaysAndReadAgainOnceItMoves() {
        assertThat(cache.get("grants of a", () -> load("g1"))).isEqualTo("g1");
        assertThat(cache.get("grants of a", () -> load("never read"))).isEqualTo("g1");
        assertThat(cache.get("grants of b", () -> load("g2"))).isEqualTo("g2");
        assertThat(loads).hasValue(2);
        assertThat(revision.reads).as("every lookup reads the revision").hasValue(3);

        revision.value.incrementAndGet(); // another process revoked something
        assertThat(cache.get("grants of a", () -> load("g1 revoked"))).isEqualTo("g1 revoked");
        assertThat(cache.get("grants of a", () -> load("never read"))).isEqualTo("g1 revoked");
        assertThat(cache.get("grants of b", () -> load("g2 again"))).isEqualTo("g2 again");
        assertThat(loads).hasValue(4);
    }

    @Test
    void aReaderThatSawAnOlderRevisionReadsTheStoreAndCachesNothing() {
        revision.value.set(9);
        cache.get("token t", () -> load("at 9"));
        revision.value.set(8); // as if this reading had happened before another thread's
        assertThat(cache.get("token t", () -> load("read again"))).isEqualTo("read again");
        revision.value.set(9);
        assertThat(cache.get("token t", () -> load("never read"))).isEqualTo("at 9");
    }

    @Test
    void aPinnedScopeReadsTheRevisionOnceAndAgainOnlyAfterItsOwnChange() {
        try (RevisionCache.Scope scope = cache.pin()) {
            cache.get("token t", () -> load("t1"));
            cache.get("grants of a", () -> load("g1"));
            cache.get("token t", () -> load("never read"));
            assertThat(revision.reads).as("one reading for the scope").hasValue(1);

            revision.value.incrementAndGet(); // another process: seen by the next scope, not this one
            assertThat(cache.get("token t", () -> load("never read"))).isEqualTo("t1");
            assertThat(revision.reads).hasValue(1);

            try (RevisionCache.Scope nested = cache.pin()) {
                cache.get("token t", () -> load("never read"));
            }
            cache.get("token t", () -> load("never read")); // the nested close did not end the outer pin
            assertThat(revision.reads).hasValue(1);

            cache.changed(); // this thread wrote: its next lookup sees the new revision
            assertThat(cache.get("token t", () -> load("t2"))).isEqualTo("t2");
            assertThat(revision.reads).hasValue(2);
        }
        assertThat(cache.get("token t", () -> load("never read"))).isEqualTo("t2");
        assertThat(revision.reads).as("outside a scope every lookup reads the revision").hasValue(3);
        revision.value.incrementAndGet();
        assertThat(cache.get("token t", () -> load("t3"))).isEqualTo("t3");
    }

    @Test
    void aPinIsConfinedToItsThread() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        try (RevisionCache.Scope scope = cache.pin()) {
            cache.get("token t", () -> load("t1"));
            revision.value.incrementAndGet();
            Thread other = new Thread(() -> seen.set(cache.get("token t", () -> load("t2"))));
            other.start();
            other.join(10_000);
            assertThat(seen).as("an unpinned thread reads the new revision").hasValue("t2");
            // the cache has moved on past the pin's revision: the pinned reader reads the store (newer, never older)
            assertThat(cache.get("token t", () -> load("read again"))).isEqualTo("read again");
        }
        assertThat(cache.get("token t", () -> load("never read"))).isEqualTo("t2");
    }

    @Test
    void atMostMaxEntriesAreKeptPerRevision() {
        for (int i = 0; i < RevisionCache.MAX_ENTRIES + 10; i++) {
            int key = i;
            cache.get("token " + key, () -> load("v" + key));
        }
        int loaded = loads.get();
        cache.get("token " + (RevisionCache.MAX_ENTRIES + 5), () -> load("over the bound: read again"));
        cache.get("token 0", () -> load("never read"));
        assertThat(loads.get()).isEqualTo(loaded + 1);
    }
}
