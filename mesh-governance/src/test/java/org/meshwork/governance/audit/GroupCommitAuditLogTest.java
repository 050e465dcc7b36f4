package org.meshwork.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.meshwork.api.UserName;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.testing.access.InMemoryAuditTrail;

class GroupCommitAuditLogTest {

    private static AuditEvent event(String actor, int i) {
        return new AuditEvent(Instant.parse("2026-11-24T10:00:00Z").plusSeconds(i), UserName.of(actor), "read",
                Optional.empty(), "allowed", Map.of("i", Integer.toString(i)), Optional.empty());
    }

    /** A trail whose batch write blocks until released, counting the batches and what each held. */
    private static final class GatedTrail implements AuditTrail {
        final InMemoryAuditTrail stored = new InMemoryAuditTrail();
        final List<Integer> batchSizes = new ArrayList<>();
        final CountDownLatch firstBatchStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failure;

        @Override
        public AuditEntry record(AuditEvent event) {
            return recordAll(List.of(event)).get(0);
        }

        @Override
        public List<AuditEntry> recordAll(List<AuditEvent> events) {
            firstBatchStarted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            synchronized (this) {
                batchSizes.add(events.size());
            }
            if (failure != null) {
                throw failure;
            }
            return stored.recordAll(events);
        }

        @Override
        public List<AuditEntry> query(AuditQuery query) {
            return stored.query(query);
        }

        @Override
        public AuditVerification verify() {
            return stored.verify();
        }
    }

    @Test
    void appendsWaitingMeanwhileAreCommittedTogetherAndEachReturnsOnlyOnceItsEntryIsStored() throws Exception {
        GatedTrail trail = new GatedTrail();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try (GroupCommitAuditLog log = new GroupCommitAuditLog(trail)) {
            Future<?> first = pool.submit(() -> log.append(event("first", 0)));
            assertThat(trail.firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> waiting = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                int n = i;
                waiting.add(pool.submit(() -> log.append(event("reader" + n, n))));
            }
            Thread.sleep(300);
            // nobody returns before the batch holding their entry is written
            assertThat(first.isDone()).isFalse();
            assertThat(waiting).noneMatch(Future::isDone);
            trail.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<?> future : waiting) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(trail.batchSizes).containsExactly(1, 8);
        assertThat(trail.verify().intact()).isTrue();
        assertThat(trail.verify().entries()).isEqualTo(9);
    }

    @Test
    void aFailedBatchFailsEveryAppendInIt() {
        GatedTrail trail = new GatedTrail();
        trail.release.countDown();
        trail.failure = new IllegalStateException("the store is down");
        try (GroupCommitAuditLog log = new GroupCommitAuditLog(trail)) {
            assertThatThrownBy(() -> log.append(event("ana", 1))).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the store is down");
        }
    }

    @Test
    void appendsAfterCloseAreWrittenDirectly() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail();
        GroupCommitAuditLog log = new GroupCommitAuditLog(trail);
        log.append(event("ana", 1));
        log.close();
        log.append(event("ana", 2));
        assertThat(trail.query(AuditQuery.all(10))).extracting(AuditEntry::sequence).containsExactly(1L, 2L);
    }
}
