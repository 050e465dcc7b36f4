package org.meshwork.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredResource;
import org.meshwork.store.MetadataStoreException;
import org.meshwork.testing.postgres.TestPostgres;
import org.meshwork.testing.postgres.TestPostgres.TestSchema;
import org.meshwork.testing.store.MetadataStoreContractTest;

/**
 * The metadata store contract against a real PostgreSQL server, each test in a new schema, and what only a server
 * shared by several writers shows: racing commits, row locks held by another connection, concurrent migrations.
 */
class PostgresMetadataStoreIT extends MetadataStoreContractTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration BLOCKED = Duration.ofMillis(300);

    private static TestPostgres postgres;

    private final List<TestSchema> schemas = new ArrayList<>();
    private final List<MetadataStore> extraStores = new ArrayList<>();

    @BeforeAll
    static void findServer() {
        postgres = TestPostgres.fromEnvironment();
    }

    @Override
    protected MetadataStore newStore() {
        return PostgresMetadataStore.open(newSchema().url(), postgres.user(), postgres.password());
    }

    /** The compliance store contract (migration V5) on PostgreSQL, in a new schema per test. */
    @org.junit.jupiter.api.Nested
    class PolicyCompliance extends org.meshwork.testing.policy.PolicyComplianceStoreContractTest {
        @Override
        protected org.meshwork.api.policy.PolicyComplianceStore newComplianceStore() {
            PostgresMetadataStore store = PostgresMetadataStore.open(newSchema().url(), postgres.user(),
                    postgres.password());
            extraStores.add(store);
            return store.policyCompliance();
        }
    }

    /** The schema of the store that {@link #newStore()} opened for the current test. */
    private TestSchema schema() {
        return schemas.get(0);
    }

    /** Another store on the current test's schema: another writer with connections of its own. */
    private MetadataStore anotherStore() {
        MetadataStore other = PostgresMetadataStore.open(schema().url(), postgres.user(), postgres.password());
        extraStores.add(other);
        return other;
    }

    private TestSchema newSchema() {
        try {
            TestSchema schema = postgres.createSchema("meta_store_it");
            schemas.add(schema);
            return schema;
        } catch (SQLException e) {
            throw new AssertionError("cannot create a schema on " + postgres.url() + ": " + e.getMessage(), e);
        }
    }

    @AfterEach
    void dropSchemas() throws SQLException {
        extraStores.forEach(MetadataStore::close);
        for (TestSchema schema : schemas) {
            schema.close();
        }
    }

    /**
     * Two servers sharing the database: each caches what it read, validated by the store revision, so a commit by the
     * other is seen by the next read, and reads, runs and audit appends leave the revision alone.
     */
    @Test
    void aCommitThroughAnotherStoreIsSeenByTheNextReadAndRaisesTheRevision() {
        StoredResource v1 = commitOne(change(ORDERS_KEY, 0, "v1"));
        PostgresMetadataStore mine = (PostgresMetadataStore) store;
        for (int i = 0; i < 2; i++) {
            assertThat(store.current(ORDERS_KEY)).contains(v1);
            assertThat(store.list(ResourceKind.PRODUCT)).containsExactly(v1);
        }
        long before = mine.storeRevision().revision();
        store.insertRun(new RunRecord("run-1", ORDERS, 1, RunTrigger.MANUAL, org.meshwork.api.store.RunStatus.RUNNING,
                T1, Optional.empty(), 0, 0, 0, 0, Optional.empty(), Optional.empty()));
        mine.auditTrail().append(new org.meshwork.api.audit.AuditEvent(T1, ALICE, "read", Optional.of(ORDERS),
                "allowed", java.util.Map.of(), Optional.empty()));
        assertThat(mine.storeRevision().revision()).isEqualTo(before);

        MetadataStore other = anotherStore();
        StoredResource v2 = other.commit(List.of(change(ORDERS_KEY, 1, "v2")), BOB, T2).get(0);
        assertThat(mine.storeRevision().revision()).isEqualTo(before + 1);
        assertThat(store.current(ORDERS_KEY)).contains(v2);
        assertThat(store.list(ResourceKind.PRODUCT)).containsExactly(v2);
        assertThat(store.list(ResourceKind.PRODUCT, SALES)).containsExactly(v2);
    }

    @RepeatedTest(5)
    void twoWritersRacingForTheSameVersionHaveExactlyOneWinner() throws Exception {
        commitOne(change(ORDERS_KEY, 0, "v1"));
        List<MetadataStore> writers = List.of(store, anotherStore());

        List<Optional<CommitConflictException>> outcomes = commitRace(writers.size(), i -> writers.get(i)
                .commit(List.of(change(ORDERS_KEY, 1, "writer-" + i)), UserName.of("writer-" + i), T2));

        assertThat(outcomes).filteredOn(Optional::isEmpty).as("winners").hasSize(1);
        assertThat(outcomes).filteredOn(Optional::isPresent).singleElement()
                .extracting(Optional::orElseThrow).extracting(Throwable::getMessage).asString()
                .contains(ORDERS_KEY.toString(), "expected current version 1", "it is 2");
        int winner = outcomes.indexOf(Optional.empty());
        assertThat(store.history(ORDERS_KEY)).extracting(StoredResource::version).containsExactly(1L, 2L);
        StoredResource current = store.current(ORDERS_KEY).orElseThrow();
        assertThat(current.document()).isEqualTo(document("writer-" + winner));
        assertThat(current.appliedBy()).isEqualTo(UserName.of("writer-" + winner));
    }

    @RepeatedTest(5)
    void writersCreatingTheSameResourceAtOnceHaveExactlyOneWinner() throws Exception {
        int writerCount = 6;
        List<MetadataStore> writers = new ArrayList<>(List.of(store));
        while (writers.size() < writerCount) {
            writers.add(anotherStore());
        }

        List<Optional<CommitConflictException>> outcomes = commitRace(writerCount, i -> writers.get(i)
                .commit(List.of(change(ORDERS_KEY, 0, "writer-" + i)), UserName.of("writer-" + i), T1));

        assertThat(outcomes).filteredOn(Optional::isEmpty).as("winners").hasSize(1);
        assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(writerCount - 1)
                .allSatisfy(conflict -> assertThat(conflict.orElseThrow())
                        .hasMessageContaining(ORDERS_KEY.toString())
                        .hasMessageContaining("expected current version 0")
                        .hasMessageContaining("it is 1"));
        int winner = outcomes.indexOf(Optional.empty());
        assertThat(store.history(ORDERS_KEY)).singleElement()
                .extracting(StoredResource::document).isEqualTo(document("writer-" + winner));
    }

    @Test
    void aCommitWaitsForAnotherWritersLockOnThePointerAndThenConflicts() throws Exception {
        commitOne(change(ORDERS_KEY, 0, "v1"));
        try (Connection other = schema().connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.executeUpdate("UPDATE resources SET current_version = 2 WHERE kind = 'PRODUCT' AND name = '"
                    + ORDERS_KEY.name() + "'");
            insertVersion(statement, ORDERS_KEY, 2);

            CompletableFuture<List<StoredResource>> commit = CompletableFuture.supplyAsync(
                    () -> store.commit(List.of(change(ORDERS_KEY, 1, "late")), BOB, T2));
            Thread.sleep(BLOCKED.toMillis());
            assertThat(commit).as("a commit waits while another transaction holds the pointer").isNotDone();

            other.commit();

            assertThatThrownBy(() -> commit.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(CommitConflictException.class)
                    .hasMessageContaining("expected current version 1")
                    .hasMessageContaining("it is 2");
        }
        assertThat(store.history(ORDERS_KEY)).extracting(StoredResource::version).containsExactly(1L, 2L);
        assertThat(store.current(ORDERS_KEY).orElseThrow().appliedBy()).isEqualTo(UserName.of("other"));
    }

    @Test
    void aCreateWaitsForAnUncommittedCreateOfTheSameResourceAndThenConflicts() throws Exception {
        try (Connection other = schema().connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO resources (kind, name, current_version) VALUES ('PRODUCT', '"
                    + ORDERS_KEY.name() + "', 1)");
            insertVersion(statement, ORDERS_KEY, 1);

            CompletableFuture<List<StoredResource>> create = CompletableFuture.supplyAsync(
                    () -> store.commit(List.of(change(ORDERS_KEY, 0, "mine"), change(CUSTOMERS_KEY, 0, "c1")), BOB, T2));
            Thread.sleep(BLOCKED.toMillis());
            assertThat(create).as("a create waits for the uncommitted row with the same key").isNotDone();

            other.commit();

            assertThatThrownBy(() -> create.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(CommitConflictException.class)
                    .hasMessageContaining(ORDERS_KEY.toString())
                    .hasMessageContaining("expected current version 0")
                    .hasMessageContaining("it is 1");
        }
        assertThat(store.history(ORDERS_KEY)).extracting(StoredResource::appliedBy).containsExactly(UserName.of("other"));
        assertThat(store.current(CUSTOMERS_KEY)).as("nothing of the failed batch is stored").isEmpty();
    }

    @Test
    void aCreateGoesAheadWhenTheOtherCreateRollsBack() throws Exception {
        try (Connection other = schema().connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO resources (kind, name, current_version) VALUES ('PRODUCT', '"
                    + ORDERS_KEY.name() + "', 1)");

            CompletableFuture<List<StoredResource>> create = CompletableFuture.supplyAsync(
                    () -> store.commit(List.of(change(ORDERS_KEY, 0, "mine")), BOB, T2));
            Thread.sleep(BLOCKED.toMillis());
            assertThat(create).isNotDone();

            other.rollback();

            assertThat(create.get(WAIT.toSeconds(), TimeUnit.SECONDS)).singleElement()
                    .extracting(StoredResource::version).isEqualTo(1L);
        }
        assertThat(store.current(ORDERS_KEY).orElseThrow().document()).isEqualTo(document("mine"));
    }

    @RepeatedTest(3)
    void batchesNamingTheSameResourcesInOppositeOrderDoNotDeadlock() throws Exception {
        commitOne(change(ORDERS_KEY, 0, "o1"));
        commitOne(change(CUSTOMERS_KEY, 0, "c1"));
        List<MetadataStore> writers = List.of(store, anotherStore());
        for (long base = 1; base <= 10; base++) {
            long version = base;
            List<Optional<CommitConflictException>> outcomes = commitRace(2, i -> {
                List<ResourceChange> batch = List.of(change(ORDERS_KEY, version, "o-" + i), change(CUSTOMERS_KEY, version, "c-" + i));
                return writers.get(i).commit(i == 0 ? batch : List.of(batch.get(1), batch.get(0)), ALICE, T1);
            });
            assertThat(outcomes).as("round %d", base).filteredOn(Optional::isEmpty).hasSize(1);
        }
        assertThat(store.current(ORDERS_KEY).orElseThrow().version()).isEqualTo(11);
        assertThat(store.current(CUSTOMERS_KEY).orElseThrow().version()).isEqualTo(11);
    }

    @Test
    void storesOpeningANewSchemaAtTheSameTimeMigrateItOnce() throws Exception {
        TestSchema fresh = newSchema();
        int storeCount = 4;
        List<Optional<CommitConflictException>> outcomes = commitRace(storeCount, i -> {
            try (MetadataStore opened = PostgresMetadataStore.open(fresh.url(), postgres.user(), postgres.password())) {
                return opened.commit(List.of(change(ResourceKey.product(ProductId.parse("dp.sales.p" + i)), 0, "p")),
                        ALICE, T1);
            }
        });

        assertThat(outcomes).allMatch(Optional::isEmpty);
        try (MetadataStore reopened = PostgresMetadataStore.open(fresh.url(), postgres.user(), postgres.password());
                Connection connection = fresh.connect();
                Statement statement = connection.createStatement();
                ResultSet migrations = statement.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            assertThat(reopened.list(ResourceKind.PRODUCT)).hasSize(storeCount);
            List<String> versions = new ArrayList<>();
            while (migrations.next()) {
                versions.add(migrations.getString(1));
            }
            assertThat(versions).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    /**
     * Writers recording results of one run at once, each through its own store: the losers meet the primary key, are
     * retried, see the winner's rows and are told the results are recorded already.
     */
    @RepeatedTest(3)
    void racingRecordersOfOneRunHaveExactlyOneWinner() throws Exception {
        store.insertRun(RunRecord.started("run-1", ORDERS, 1, RunTrigger.SCHEDULE, T1));
        int writerCount = 4;
        List<MetadataStore> writers = new ArrayList<>();
        for (int i = 0; i < writerCount; i++) {
            writers.add(anotherStore());
        }
        ExecutorService executor = Executors.newFixedThreadPool(writerCount);
        try {
            CyclicBarrier start = new CyclicBarrier(writerCount);
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < writerCount; i++) {
                int writer = i;
                futures.add(executor.submit(() -> {
                    List<CheckResult> results = new ArrayList<>();
                    for (int check = 0; check < 5; check++) {
                        results.add(passedCheck("writer-" + writer + "-" + check, check));
                    }
                    start.await();
                    try {
                        writers.get(writer).insertCheckResults("run-1", T2, results);
                        return true;
                    } catch (IllegalArgumentException e) {
                        assertThat(e).hasMessageContaining("recorded already");
                        return false;
                    }
                }));
            }
            List<Boolean> won = new ArrayList<>();
            for (Future<Boolean> future : futures) {
                won.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            assertThat(won).containsOnlyOnce(true);
            int winner = won.indexOf(true);
            assertThat(store.checkResults("run-1")).extracting(stored -> stored.result().name())
                    .containsExactly("writer-" + winner + "-0", "writer-" + winner + "-1", "writer-" + winner + "-2",
                            "writer-" + winner + "-3", "writer-" + winner + "-4");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void namesSortByCodePointWhateverTheDatabaseCollation() {
        ResourceKey lower = ResourceKey.globalPolicy("a-policy");
        ResourceKey upper = ResourceKey.globalPolicy("B-policy");
        ResourceKey underscore = ResourceKey.globalPolicy("_policy");
        for (ResourceKey key : List.of(lower, upper, underscore)) {
            store.commit(List.of(new ResourceChange(key, 0, Optional.empty(), "{}", "sha256:p")), ALICE, T1);
        }

        assertThat(store.list(ResourceKind.GLOBAL_POLICY)).extracting(StoredResource::key)
                .containsExactly(upper, underscore, lower);
    }

    @Test
    void aWrongPasswordFailsNamingTheDatabaseButNoSecret() {
        String url = schema().url() + "&password=url-secret";

        assertThatThrownBy(() -> PostgresMetadataStore.open(url, postgres.user(), "not-the-password"))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("cannot open the metadata store " + postgres.url().replaceFirst("\\?.*", ""))
                .hasMessageContaining("password authentication failed")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("url-secret", "not-the-password"));
    }

    @Test
    void aUrlOfAnotherDatabaseIsRejected() {
        assertThatThrownBy(() -> PostgresMetadataStore.open("jdbc:sqlite:meta.db", "u", "p"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://host:port/database");
    }

    @Test
    void driverErrorsNameTheDatabaseAndTheOperation() throws Exception {
        try (Connection connection = schema().connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE runs CASCADE");
        }

        assertThatThrownBy(() -> store.run("run-1"))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(postgres.url().replaceFirst("\\?.*", ""))
                .hasMessageContaining("cannot read run run-1")
                .hasMessageContaining("\"runs\" does not exist");
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.current(ORDERS_KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static void insertVersion(Statement statement, ResourceKey key, long version) throws SQLException {
        statement.executeUpdate("INSERT INTO resource_versions (kind, name, version, domain, document, content_hash,"
                + " applied_by, applied_at) VALUES ('" + key.kind().name() + "', '" + key.name() + "', " + version
                + ", 'sales', '{}', 'sha256:other', 'other', '2026-03-01T10:15:30.123000000Z')");
    }

    /** One writer's commit; {@code i} tells the writers apart. */
    @FunctionalInterface
    private interface Commit {
        List<StoredResource> run(int i) throws Exception;
    }

    /**
     * Runs {@code count} commits on as many threads, released together; each outcome is empty when the commit won
     * and holds its {@link CommitConflictException} when it lost. Any other failure fails the test.
     */
    private static List<Optional<CommitConflictException>> commitRace(int count, Commit commit) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(count);
        try {
            CyclicBarrier start = new CyclicBarrier(count);
            List<Future<Optional<CommitConflictException>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int writer = i;
                futures.add(executor.submit(() -> {
                    start.await();
                    try {
                        commit.run(writer);
                        return Optional.<CommitConflictException>empty();
                    } catch (CommitConflictException e) {
                        return Optional.of(e);
                    }
                }));
            }
            List<Optional<CommitConflictException>> outcomes = new ArrayList<>();
            for (Future<Optional<CommitConflictException>> future : futures) {
                try {
                    outcomes.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a writer failed with something other than a commit conflict", e.getCause());
                }
            }
            return outcomes;
        } finally {
            executor.shutdownNow();
        }
    }
}
