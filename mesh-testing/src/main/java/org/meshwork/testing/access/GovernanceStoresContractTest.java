package org.meshwork.testing.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.api.store.GovernanceStores;

/**
 * The contract of the access tables and the audit chain ({@link GovernanceStores}), run against every store. Stores
 * that hold a real database also implement {@link #tamper} so that the chain's tamper evidence is tested against
 * edits made behind the store's back.
 */
public abstract class GovernanceStoresContractTest {
    protected static final Instant T1 = Instant.parse("2026-11-24T10:00:00.123456789Z");
    protected static final Instant T2 = Instant.parse("2026-11-24T11:00:00Z");
    protected static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    protected static final ProductId CUSTOMERS = ProductId.parse("dp.customer.customers");

    protected GovernanceStores stores;
    protected AccessStore access;
    protected AuditTrail audit;

    /** A new, empty store. */
    protected abstract GovernanceStores newStores();

    /** Another store on the same database as the last {@link #newStores()}: another writer. */
    protected abstract GovernanceStores sameDatabase();

    /** Runs SQL directly on the database, behind the store's back; false when the store has no database. */
    protected abstract boolean tamper(String sql) throws Exception;

    @BeforeEach
    void openStores() {
        stores = newStores();
        access = stores.accessStore();
        audit = stores.auditTrail();
    }

    @AfterEach
    protected void closeStores() throws Exception {
        if (stores instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void grantsRoundTripAndRevokingStampsThem() {
        Grant grant = new Grant("g-1", ORDERS, Grantee.parse("team:analytics-team"), List.of("id", "region"),
                List.of(Predicate.of("region", Operator.EQ, "EU"), new Predicate("kind", Operator.IN,
                        List.of("a", "it's"), true), Predicate.of("x", Operator.IS_NULL)),
                Optional.of("reporting"), true, UserName.of("alice"), T1, Optional.of(T2), Optional.empty(),
                Optional.of("r-1"));
        access.insertGrant(grant);
        access.insertGrant(new Grant("g-2", CUSTOMERS, Grantee.parse("user:bob"), List.of(), List.of(),
                Optional.empty(), false, UserName.of("root"), T2, Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(access.grant("g-1")).contains(grant);
        assertThat(access.grants(ORDERS)).containsExactly(grant);
        assertThat(access.grant("g-3")).isEmpty();
        assertThatThrownBy(() -> access.insertGrant(grant)).isInstanceOf(IllegalArgumentException.class);

        assertThat(access.revokeGrant("g-1", T2)).isTrue();
        assertThat(access.revokeGrant("g-1", T2)).isFalse();
        assertThat(access.revokeGrant("g-9", T2)).isFalse();
        assertThat(access.grant("g-1").orElseThrow().revokedAt()).contains(T2);
    }

    @Test
    void aRequestIsDecidedOnceAndApprovalStoresItsGrantAtomically() throws Exception {
        AccessRequest request = new AccessRequest("r-1", ORDERS, UserName.of("carol"), Optional.of("churn"),
                List.of("id"), AccessRequestStatus.PENDING, T1, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        access.insertRequest(request);
        access.insertRequest(new AccessRequest("r-2", CUSTOMERS, UserName.of("carol"), Optional.empty(), List.of(),
                AccessRequestStatus.PENDING, T2, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(access.request("r-1")).contains(request);
        assertThat(access.requests(List.of(ORDERS, CUSTOMERS), AccessRequestStatus.PENDING))
                .extracting(AccessRequest::id).containsExactly("r-1", "r-2");
        assertThat(access.requests(List.of(), AccessRequestStatus.PENDING)).isEmpty();
        assertThat(access.requestsBy(UserName.of("carol"))).extracting(AccessRequest::id).containsExactly("r-2", "r-1");

        // two deciders at once: exactly one wins, and only the winner's grant exists
        GovernanceStores other = sameDatabase();
        int deciders = 4;
        CyclicBarrier barrier = new CyclicBarrier(deciders);
        ExecutorService pool = Executors.newFixedThreadPool(deciders);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < deciders; i++) {
                int decider = i;
                AccessStore target = i % 2 == 0 ? access : other.accessStore();
                outcomes.add(pool.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    Grant grant = new Grant("g-" + decider, ORDERS, Grantee.parse("user:carol"), List.of("id"),
                            List.of(), Optional.of("churn"), false, UserName.of("owner" + decider), T2,
                            Optional.empty(), Optional.empty(), Optional.of("r-1"));
                    return target.decideRequest(request.decided(AccessRequestStatus.APPROVED,
                            UserName.of("owner" + decider), T2, "ok", Optional.of(grant.id())), Optional.of(grant));
                }));
            }
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            if (other instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        AccessRequest decided = access.request("r-1").orElseThrow();
        assertThat(decided.status()).isEqualTo(AccessRequestStatus.APPROVED);
        assertThat(access.grants(ORDERS)).singleElement().extracting(Grant::id).isEqualTo(decided.grantId().orElseThrow());
        assertThat(access.requests(List.of(ORDERS), AccessRequestStatus.PENDING)).isEmpty();
        assertThat(access.decideRequest(decided.decided(AccessRequestStatus.DENIED, UserName.of("x"), T2, "no",
                Optional.empty()), Optional.empty())).isFalse();
    }

    @Test
    void tokensKeepOnlyTheirHashAndRevokeOnce() {
        ApiToken token = new ApiToken("0123456789ab", UserName.of("alice"), Optional.of("laptop"), T1,
                UserName.of("root"), Optional.of(T2), Optional.empty(), "00".repeat(16), "ab".repeat(32));
        access.insertToken(token);
        access.insertToken(new ApiToken("ba9876543210", UserName.of("bob"), Optional.empty(), T2, UserName.of("bob"),
                Optional.empty(), Optional.empty(), "11".repeat(16), "cd".repeat(32)));
        assertThat(access.token("0123456789ab")).contains(token);
        assertThat(access.tokens(Optional.of(UserName.of("alice")))).containsExactly(token);
        assertThat(access.tokens(Optional.empty())).hasSize(2);
        assertThat(access.revokeToken("0123456789ab", T2)).isTrue();
        assertThat(access.revokeToken("0123456789ab", T2)).isFalse();
        assertThat(access.token("0123456789ab").orElseThrow().revokedAt()).contains(T2);
    }

    /**
     * A store may cache what it read (the serving path reads grants and tokens on every request), but never past a
     * change: a grant or token revoked, or a grant added, through another store on the same database — another process
     * — is seen by the very next read.
     */
    @Test
    void changesThroughAnotherStoreOnTheSameDatabaseAreSeenByTheNextRead() throws Exception {
        Grant grant = new Grant("g-1", ORDERS, Grantee.parse("user:bob"), List.of(), List.of(), Optional.empty(), false,
                UserName.of("root"), T1, Optional.empty(), Optional.empty(), Optional.empty());
        ApiToken token = new ApiToken("0123456789ab", UserName.of("bob"), Optional.empty(), T1, UserName.of("root"),
                Optional.empty(), Optional.empty(), "00".repeat(16), "ab".repeat(32));
        access.insertGrant(grant);
        access.insertToken(token);
        for (int i = 0; i < 2; i++) { // read twice, so that a caching store has them cached
            assertThat(access.grants(ORDERS)).containsExactly(grant);
            assertThat(access.token(token.id())).contains(token);
            assertThat(access.token("ffffffffffff")).isEmpty();
        }
        GovernanceStores other = sameDatabase();
        try {
            assertThat(other.accessStore().revokeGrant(grant.id(), T2)).isTrue();
            assertThat(access.grants(ORDERS)).singleElement().extracting(Grant::revokedAt).isEqualTo(Optional.of(T2));
            assertThat(other.accessStore().revokeToken(token.id(), T2)).isTrue();
            assertThat(access.token(token.id()).orElseThrow().revokedAt()).contains(T2);
            ApiToken added = new ApiToken("ffffffffffff", UserName.of("carol"), Optional.empty(), T2,
                    UserName.of("root"), Optional.empty(), Optional.empty(), "11".repeat(16), "cd".repeat(32));
            other.accessStore().insertToken(added);
            assertThat(access.token("ffffffffffff")).contains(added);
            Grant second = new Grant("g-2", ORDERS, Grantee.parse("user:carol"), List.of("id"), List.of(),
                    Optional.empty(), false, UserName.of("root"), T2, Optional.empty(), Optional.empty(),
                    Optional.empty());
            other.accessStore().insertGrant(second);
            assertThat(access.grants(ORDERS)).extracting(Grant::id).containsExactly("g-1", "g-2");
        } finally {
            if (other != stores && other instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void theAuditLogIsAChainThatCanBeQueriedAndPaged() {
        for (int i = 0; i < 5; i++) {
            audit.append(event(i % 2 == 0 ? "alice" : "bob", i < 3 ? "grant" : "read",
                    i == 4 ? Optional.empty() : Optional.of(i % 2 == 0 ? ORDERS : CUSTOMERS), T1.plusSeconds(i)));
        }
        List<AuditEntry> all = audit.query(AuditQuery.all(100));
        assertThat(all).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(all.get(0).previousHash()).isEqualTo("0".repeat(64));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).previousHash()).isEqualTo(all.get(i - 1).hash());
        }
        assertThat(all.get(0).event()).isEqualTo(event("alice", "grant", Optional.of(ORDERS), T1));

        assertThat(audit.query(new AuditQuery(Optional.of(ORDERS), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 100))).extracting(AuditEntry::sequence).containsExactly(1L, 3L);
        assertThat(audit.query(new AuditQuery(Optional.empty(), Optional.of(UserName.of("bob")), Optional.empty(),
                Optional.empty(), 0, 100))).extracting(AuditEntry::sequence).containsExactly(2L, 4L);
        assertThat(audit.query(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("read"),
                Optional.of(T1.plusSeconds(4)), 0, 100))).extracting(AuditEntry::sequence).containsExactly(5L);
        assertThat(audit.query(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                2, 2))).extracting(AuditEntry::sequence).containsExactly(3L, 4L);

        AuditVerification verification = audit.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.entries()).isEqualTo(5);
        assertThat(verification.headHash()).isEqualTo(all.get(4).hash());
    }

    @Test
    void howTheActorAuthenticatedIsKeptAndCoveredByTheChain() throws Exception {
        AuditEvent local = event("alice", "grant", Optional.of(ORDERS), T1);
        AuditEvent viaOidc = new AuditEvent(T1.plusSeconds(1), UserName.of("bob"), "read", Optional.of(ORDERS),
                "allowed", Map.of("rows", "3"), Optional.of("10.0.0.7"), Optional.of("oidc"));
        audit.append(local);
        audit.append(viaOidc);

        List<AuditEntry> all = audit.query(AuditQuery.all(10));
        assertThat(all).extracting(AuditEntry::event).containsExactly(local, viaOidc);
        assertThat(all.get(0).event().authenticatedBy()).isEmpty();
        assertThat(audit.verify().intact()).isTrue();
        if (!tamper("UPDATE audit_log SET authenticated_by = 'pat' WHERE sequence = 2")) {
            return;
        }
        assertBroken(2, "entry 2 was changed");
    }

    @Test
    void concurrentAppendsFromSeveralWritersFormOneChain() throws Exception {
        GovernanceStores other = sameDatabase();
        int writers = 6;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CyclicBarrier barrier = new CyclicBarrier(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                AuditTrail target = w % 2 == 0 ? audit : other.auditTrail();
                String actor = "writer" + w;
                done.add(pool.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < each; i++) {
                        target.append(event(actor, "read", Optional.of(ORDERS), T1));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            if (other instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        AuditVerification verification = audit.verify();
        assertThat(verification.problem()).isEmpty();
        assertThat(verification.entries()).isEqualTo((long) writers * each);
        assertThat(audit.query(AuditQuery.all(1000))).extracting(AuditEntry::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, (long) writers * each).boxed()
                        .toList());
    }

    @Test
    void batchesAppendedBesideSingleEntriesFormOneChainInOrder() throws Exception {
        GovernanceStores other = sameDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CyclicBarrier barrier = new CyclicBarrier(4);
        try {
            List<Future<List<AuditEntry>>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                AuditTrail target = w % 2 == 0 ? audit : other.auditTrail();
                String actor = "writer" + w;
                boolean batches = w < 2;
                done.add(pool.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    List<AuditEntry> mine = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        if (batches) {
                            mine.addAll(target.recordAll(List.of(event(actor, "read", Optional.of(ORDERS), T1),
                                    event(actor, "query", Optional.of(CUSTOMERS), T1),
                                    event(actor, "read", Optional.empty(), T1))));
                        } else {
                            mine.add(target.record(event(actor, "read", Optional.of(ORDERS), T1)));
                        }
                    }
                    return mine;
                }));
            }
            for (Future<List<AuditEntry>> future : done.subList(0, 2)) {
                List<AuditEntry> batched = future.get(120, TimeUnit.SECONDS);
                assertThat(batched).hasSize(15);
                // a batch's entries are consecutive and in the order given
                for (int i = 0; i < batched.size(); i += 3) {
                    assertThat(batched.get(i + 1).sequence()).isEqualTo(batched.get(i).sequence() + 1);
                    assertThat(batched.get(i + 2).sequence()).isEqualTo(batched.get(i).sequence() + 2);
                    assertThat(batched.get(i + 1).event().action()).isEqualTo("query");
                    assertThat(batched.get(i + 1).previousHash()).isEqualTo(batched.get(i).hash());
                }
            }
            for (Future<List<AuditEntry>> future : done.subList(2, 4)) {
                assertThat(future.get(120, TimeUnit.SECONDS)).hasSize(5);
            }
        } finally {
            pool.shutdownNow();
            if (other instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        assertThat(audit.recordAll(List.of())).isEmpty();
        AuditVerification verification = audit.verify();
        assertThat(verification.problem()).isEmpty();
        assertThat(verification.entries()).isEqualTo(40);
    }

    @Test
    void aChangedEntryIsTheFirstBadOne() throws Exception {
        appendFive();
        if (!tamper("UPDATE audit_log SET outcome = 'denied' WHERE sequence = 3")) {
            return;
        }
        assertBroken(3, "entry 3 was changed");
    }

    @Test
    void aChangedDetailIsDetectedToo() throws Exception {
        appendFive();
        if (!tamper("UPDATE audit_log SET details_json = '{\"columns\":\"*\"}' WHERE sequence = 2")) {
            return;
        }
        assertBroken(2, "entry 2 was changed");
    }

    @Test
    void aRemovedEntryIsNamed() throws Exception {
        appendFive();
        if (!tamper("DELETE FROM audit_log WHERE sequence = 2")) {
            return;
        }
        assertBroken(2, "entry 2 is missing");
    }

    @Test
    void aRemovedLastEntryIsNamedThroughTheChainHead() throws Exception {
        appendFive();
        if (!tamper("DELETE FROM audit_log WHERE sequence = 5")) {
            return;
        }
        assertBroken(5, "entry 5 is missing (removed): the chain head records 5 entries");
    }

    @Test
    void swappedEntriesAreDetected() throws Exception {
        appendFive();
        if (!tamper("UPDATE audit_log SET sequence = -1 WHERE sequence = 2")) {
            return;
        }
        tamper("UPDATE audit_log SET sequence = 2 WHERE sequence = 3");
        tamper("UPDATE audit_log SET sequence = 3 WHERE sequence = -1");
        assertBroken(2, "entry 2 was changed");
    }

    @Test
    void anEntryInsertedWithAValidHashButOutsideTheLogIsDetected() throws Exception {
        List<AuditEntry> entries = appendFive();
        AuditEntry forged = org.meshwork.api.audit.AuditChain.link(6, entries.get(4).hash(),
                event("mallory", "grant", Optional.of(ORDERS), T2));
        if (!tamper("INSERT INTO audit_log (sequence, at, actor, action, product_id, outcome, details_json,"
                + " client_address, prev_hash, hash) VALUES (6, '2026-11-24T11:00:00.000000000Z', 'mallory', 'grant',"
                + " 'dp.sales.orders', 'allowed', '{\"k\":\"v\"}', NULL, '" + forged.previousHash() + "', '"
                + forged.hash() + "')")) {
            return;
        }
        assertBroken(6, "entry 6 was added outside the log");
    }

    private List<AuditEntry> appendFive() {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(audit.record(event("alice", "read", Optional.of(ORDERS), T1.plusSeconds(i))));
        }
        assertThat(audit.verify().intact()).isTrue();
        return entries;
    }

    private void assertBroken(long sequence, String problem) {
        AuditVerification verification = audit.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBadSequence()).contains(sequence);
        assertThat(verification.problem().orElseThrow()).contains(problem);
    }

    protected static AuditEvent event(String actor, String action, Optional<ProductId> product, Instant at) {
        return new AuditEvent(at, UserName.of(actor), action, product, "allowed",
                Map.of("columns", "id,email", "k", "v \"quoted\" \n line"), Optional.of("127.0.0.1"));
    }
}
