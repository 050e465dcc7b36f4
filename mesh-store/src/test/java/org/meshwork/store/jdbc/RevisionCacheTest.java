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
