package org.meshwork.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredResource;

/**
 * The store revision on a real SQLite file: it rises with every change of what the store caches (resources, grants,
 * access requests, tokens) and with nothing else, and a change made by another process is seen by the next read
 * although this process has the old state cached.
 */
class SqliteStoreRevisionIT {
    private static final UserName ALICE = UserName.of("alice");
    private static final Instant T1 = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");

    @TempDir
    Path directory;

    @Test
    void theRevisionRisesWithEveryChangeOfWhatIsCachedAndOnlyThen() {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(directory.resolve("meta.db"))) {
            long start = store.storeRevision().revision();
            store.commit(List.of(change("{\"v\":1}", 0)), ALICE, T1);
            assertThat(store.storeRevision().revision()).isEqualTo(start + 1);
            store.accessStore().insertGrant(grant());
            store.accessStore().revokeGrant("g-1", T1);
            store.accessStore().insertToken(token());
            store.accessStore().revokeToken("0123456789ab", T1);
            AccessRequest request = new AccessRequest("r-1", ORDERS, UserName.of("bob"), Optional.empty(), List.of(),
                    AccessRequestStatus.PENDING, T1, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
            store.accessStore().insertRequest(request);
            store.accessStore().decideRequest(request.decided(AccessRequestStatus.DENIED, ALICE, T1, "no",
                    Optional.empty()), Optional.empty());
            assertThat(store.storeRevision().revision()).isEqualTo(start + 7);

            // reads, runs, checks and the audit log (appended on every read) leave it alone
            store.current(CommitRacer.KEY);
            store.list(ResourceKind.PRODUCT);
            store.accessStore().grants(ORDERS);
            store.insertRun(new RunRecord("run-1", ORDERS, 1, RunTrigger.MANUAL, org.meshwork.api.store.RunStatus.RUNNING,
                    T1, Optional.empty(), 0, 0, 0, 0, Optional.empty(), Optional.empty()));
            store.insertCheckResults("run-1", T1, List.of());
            store.auditTrail().append(new AuditEvent(T1, ALICE, "read", Optional.of(ORDERS), "allowed", Map.of(),
                    Optional.empty()));
            assertThat(store.storeRevision().revision()).isEqualTo(start + 7);
        }
    }

    @Test
    void aChangeByAnotherProcessIsSeenByTheNextReadThoughTheOldStateIsCached() throws Exception {
        Path database = directory.resolve("meta.db");
        try (SqliteMetadataStore store = SqliteMetadataStore.open(database)) {
            StoredResource v1 = store.commit(List.of(change("{\"v\":1}", 0)), ALICE, T1).get(0);
            store.accessStore().insertGrant(grant());
            store.accessStore().insertToken(token());
            for (int i = 0; i < 2; i++) {
                assertThat(store.current(CommitRacer.KEY)).contains(v1);
                assertThat(store.list(ResourceKind.PRODUCT)).containsExactly(v1);
                assertThat(store.list(ResourceKind.PRODUCT, DomainName.of("sales"))).containsExactly(v1);
                assertThat(store.accessStore().grants(ORDERS)).singleElement().extracting(Grant::revokedAt)
                        .isEqualTo(Optional.empty());
                assertThat(store.accessStore().token("0123456789ab").orElseThrow().revokedAt()).isEmpty();
            }
            long before = store.storeRevision().revision();

            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path output = directory.resolve("changer.out");
            Process changer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    StoreChanger.class.getName(), database.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(changer.waitFor(120, TimeUnit.SECONDS)).as("the other process ended").isTrue();
            assertThat(changer.exitValue()).as(Files.readString(output)).isZero();

            assertThat(store.storeRevision().revision()).isEqualTo(before + 3);
            assertThat(store.current(CommitRacer.KEY).orElseThrow().version()).isEqualTo(2);
            assertThat(store.list(ResourceKind.PRODUCT)).extracting(StoredResource::version).containsExactly(2L);
            assertThat(store.list(ResourceKind.PRODUCT, DomainName.of("sales"))).extracting(StoredResource::document)
                    .containsExactly("{\"v\":2}");
            assertThat(store.accessStore().grants(ORDERS)).singleElement().extracting(Grant::revokedAt)
                    .matches(Optional::isPresent);
            assertThat(store.accessStore().token("0123456789ab").orElseThrow().revokedAt()).isPresent();
        }
    }

    private static ResourceChange change(String document, long base) {
        return new ResourceChange(CommitRacer.KEY, base, Optional.of(DomainName.of("sales")), document,
                "sha256:" + document.hashCode());
    }

    private static Grant grant() {
        return new Grant("g-1", ORDERS, Grantee.parse("user:bob"), List.of(), List.of(), Optional.empty(), false,
                ALICE, T1, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ApiToken token() {
        return new ApiToken("0123456789ab", UserName.of("bob"), Optional.empty(), T1, ALICE, Optional.empty(),
                Optional.empty(), "00".repeat(16), "ab".repeat(32));
    }
}
