package org.meshwork.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.NoSuchRunException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;

/**
 * The behaviour every {@link MetadataStore} must have. An implementation's test subclasses this and returns a new,
 * empty store from {@link #newStore()}; each test gets its own store and closes it.
 *
 * <p>Times used here have millisecond precision: a store must keep at least that much.
 */
public abstract class MetadataStoreContractTest {
    protected static final DomainName SALES = DomainName.of("sales");
    protected static final DomainName FINANCE = DomainName.of("finance");
    protected static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    protected static final ProductId CUSTOMERS = ProductId.parse("dp.sales.customers");
    protected static final ResourceKey ORDERS_KEY = ResourceKey.product(ORDERS);
    protected static final ResourceKey CUSTOMERS_KEY = ResourceKey.product(CUSTOMERS);
    protected static final UserName ALICE = UserName.of("alice");
    protected static final UserName BOB = UserName.of("bob");
    protected static final Instant T1 = Instant.parse("2026-03-01T10:15:30.123Z");
    protected static final Instant T2 = Instant.parse("2026-03-02T08:00:00.001Z");

    protected MetadataStore store;

    /** A new, empty store. */
    protected abstract MetadataStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A change of a product of the sales domain with a document and hash derived from {@code text}. */
    protected static ResourceChange change(ResourceKey key, long baseVersion, String text) {
        return new ResourceChange(key, baseVersion, Optional.of(SALES), document(text), "sha256:" + text);
    }

    protected static String document(String text) {
        return "{\"text\":\"" + text + "\"}";
    }

    protected StoredResource commitOne(ResourceChange change) {
        List<StoredResource> stored = store.commit(List.of(change), ALICE, T1);
        assertThat(stored).hasSize(1);
        return stored.get(0);
    }

    @Test
    void unknownResourceHasNoVersions() {
        assertThat(store.current(ORDERS_KEY)).isEmpty();
        assertThat(store.version(ORDERS_KEY, 1)).isEmpty();
        assertThat(store.history(ORDERS_KEY)).isEmpty();
        assertThat(store.list(ResourceKind.PRODUCT)).isEmpty();
    }

    @Test
    void createStoresVersionOne() {
        StoredResource created = store.commit(List.of(change(ORDERS_KEY, 0, "v1")), ALICE, T1).get(0);

        StoredResource expected = new StoredResource(ORDERS_KEY, 1, Optional.of(SALES), document("v1"), "sha256:v1", ALICE, T1);
        assertThat(created).isEqualTo(expected);
        assertThat(store.current(ORDERS_KEY)).contains(expected);
    }

    @Test
    void updateWithCurrentBaseStoresNextVersion() {
        commitOne(change(ORDERS_KEY, 0, "v1"));

        StoredResource updated = store.commit(List.of(change(ORDERS_KEY, 1, "v2")), BOB, T2).get(0);

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.appliedBy()).isEqualTo(BOB);
        assertThat(updated.appliedAt()).isEqualTo(T2);
        assertThat(store.current(ORDERS_KEY)).contains(updated);
    }

    @Test
    void historyIsOldestFirstAndVersionFindsEachOne() {
        StoredResource v1 = commitOne(change(ORDERS_KEY, 0, "v1"));
        StoredResource v2 = commitOne(change(ORDERS_KEY, 1, "v2"));
        StoredResource v3 = commitOne(change(ORDERS_KEY, 2, "v3"));

        assertThat(store.history(ORDERS_KEY)).containsExactly(v1, v2, v3);
        assertThat(store.version(ORDERS_KEY, 1)).contains(v1);
        assertThat(store.version(ORDERS_KEY, 2)).contains(v2);
        assertThat(store.version(ORDERS_KEY, 3)).contains(v3);
        assertThat(store.version(ORDERS_KEY, 4)).isEmpty();
        assertThat(store.version(ORDERS_KEY, 0)).isEmpty();
        assertThat(store.history(CUSTOMERS_KEY)).isEmpty();
    }

    @Test
    void listByKindReturnsCurrentVersionsOrderedByName() {
        ResourceKey shipments = ResourceKey.product(ProductId.parse("dp.sales.shipments"));
        commitOne(change(shipments, 0, "s1"));
        commitOne(change(ORDERS_KEY, 0, "o1"));
        StoredResource orders = commitOne(change(ORDERS_KEY, 1, "o2"));
        StoredResource customers = commitOne(change(CUSTOMERS_KEY, 0, "c1"));
        StoredResource shipmentsCurrent = commitOne(change(shipments, 1, "s2"));
        commitOne(new ResourceChange(ResourceKey.domain(SALES), 0, Optional.of(SALES), "{}", "sha256:domain"));

        assertThat(store.list(ResourceKind.PRODUCT)).containsExactly(customers, orders, shipmentsCurrent);
        assertThat(store.list(ResourceKind.DOMAIN)).extracting(StoredResource::key).containsExactly(ResourceKey.domain(SALES));
        assertThat(store.list(ResourceKind.GLOBAL_POLICY)).isEmpty();
    }

    @Test
    void listByDomainReturnsCurrentVersionsOfThatDomainOrderedByName() {
        ResourceKey ledger = ResourceKey.product(ProductId.parse("dp.finance.ledger"));
        ResourceKey moved = ResourceKey.product(ProductId.parse("dp.sales.moved"));
        StoredResource orders = commitOne(change(ORDERS_KEY, 0, "o1"));
        StoredResource customers = commitOne(change(CUSTOMERS_KEY, 0, "c1"));
        StoredResource ledgerCurrent = commitOne(new ResourceChange(ledger, 0, Optional.of(FINANCE), "{}", "sha256:l1"));
        commitOne(change(moved, 0, "m1"));
        StoredResource movedCurrent = commitOne(new ResourceChange(moved, 1, Optional.of(FINANCE), "{}", "sha256:m2"));
        commitOne(new ResourceChange(ResourceKey.globalPolicy("pii"), 0, Optional.empty(), "{}", "sha256:p1"));

        assertThat(store.list(ResourceKind.PRODUCT, SALES)).containsExactly(customers, orders);
        assertThat(store.list(ResourceKind.PRODUCT, FINANCE)).containsExactly(ledgerCurrent, movedCurrent);
        assertThat(store.list(ResourceKind.DOMAIN_POLICY, SALES)).isEmpty();
        assertThat(store.list(ResourceKind.GLOBAL_POLICY)).hasSize(1);
    }

    @Test
    void batchCommitReturnsVersionsInTheOrderOfTheChanges() {
        commitOne(change(CUSTOMERS_KEY, 0, "c1"));

        List<StoredResource> stored = store.commit(
                List.of(change(ORDERS_KEY, 0, "o1"), change(CUSTOMERS_KEY, 1, "c2")), BOB, T2);

        assertThat(stored).extracting(StoredResource::key).containsExactly(ORDERS_KEY, CUSTOMERS_KEY);
        assertThat(stored).extracting(StoredResource::version).containsExactly(1L, 2L);
        assertThat(store.current(ORDERS_KEY)).contains(stored.get(0));
        assertThat(store.current(CUSTOMERS_KEY)).contains(stored.get(1));
    }

    @Test
    void emptyBatchStoresNothing() {
        assertThat(store.commit(List.of(), ALICE, T1)).isEmpty();
        assertThat(store.list(ResourceKind.PRODUCT)).isEmpty();
    }

    @Test
    void staleBaseConflictsAndStoresNothing() {
        commitOne(change(ORDERS_KEY, 0, "v1"));
        StoredResource v2 = commitOne(change(ORDERS_KEY, 1, "v2"));

        assertThatThrownBy(() -> store.commit(List.of(change(ORDERS_KEY, 1, "late")), BOB, T2))
                .isInstanceOf(CommitConflictException.class)
                .hasMessageContaining(ORDERS_KEY.toString())
                .hasMessageContaining("expected current version 1")
                .hasMessageContaining("it is 2");

        assertThat(store.current(ORDERS_KEY)).contains(v2);
        assertThat(store.history(ORDERS_KEY)).hasSize(2);
    }

    @Test
    void conflictOnALaterChangeOfABatchStoresNoneOfIt() {
        commitOne(change(CUSTOMERS_KEY, 0, "c1"));
        StoredResource customers = commitOne(change(CUSTOMERS_KEY, 1, "c2"));

        assertThatThrownBy(() -> store.commit(
                        List.of(change(ORDERS_KEY, 0, "o1"), change(CUSTOMERS_KEY, 1, "late")), BOB, T2))
                .isInstanceOf(CommitConflictException.class)
                .hasMessageContaining(CUSTOMERS_KEY.toString());

        assertThat(store.current(ORDERS_KEY)).isEmpty();
        assertThat(store.history(ORDERS_KEY)).isEmpty();
        assertThat(store.current(CUSTOMERS_KEY)).contains(customers);
        assertThat(store.list(ResourceKind.PRODUCT)).containsExactly(customers);
    }

    @Test
    void createWhenTheResourceExistsConflicts() {
        StoredResource v1 = commitOne(change(ORDERS_KEY, 0, "v1"));

        assertThatThrownBy(() -> store.commit(List.of(change(ORDERS_KEY, 0, "again")), BOB, T2))
                .isInstanceOf(CommitConflictException.class)
                .hasMessageContaining(ORDERS_KEY.toString())
                .hasMessageContaining("expected current version 0")
                .hasMessageContaining("it is 1");

        assertThat(store.history(ORDERS_KEY)).containsExactly(v1);
    }

    @Test
    void updateOfAResourceThatDoesNotExistConflicts() {
        assertThatThrownBy(() -> store.commit(List.of(change(ORDERS_KEY, 3, "v4")), BOB, T2))
                .isInstanceOf(CommitConflictException.class)
                .hasMessageContaining("expected current version 3")
                .hasMessageContaining("it is 0");

        assertThat(store.history(ORDERS_KEY)).isEmpty();
    }

    @Test
    void batchNamingOneKeyTwiceIsRejected() {
        assertThatThrownBy(() -> store.commit(
                        List.of(change(ORDERS_KEY, 0, "a"), change(CUSTOMERS_KEY, 0, "c"), change(ORDERS_KEY, 1, "b")),
                        ALICE, T1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ORDERS_KEY.toString());

        assertThat(store.list(ResourceKind.PRODUCT)).isEmpty();
    }

    @Test
    void documentsHashesActorsAndTimesRoundTripExactly() {
        String document = "{\n  \"name\": \"Bestellungen – Übersicht ✓ 🚀\",\n  \"sql\": \"select 'x' as \\\"y\\\"; -- tab\\there\"\n}"
                + "x".repeat(200_000);
        String hash = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        Instant farFuture = Instant.parse("2999-12-31T23:59:59.999Z");
        UserName service = UserName.of("svc-reporting@sales");

        StoredResource stored = store.commit(
                List.of(new ResourceChange(ORDERS_KEY, 0, Optional.empty(), document, hash)), service, farFuture).get(0);
        StoredResource read = store.current(ORDERS_KEY).orElseThrow();

        assertThat(read).isEqualTo(stored);
        assertThat(read.document()).isEqualTo(document);
        assertThat(read.contentHash()).isEqualTo(hash);
        assertThat(read.domain()).isEmpty();
        assertThat(read.appliedBy()).isEqualTo(service);
        assertThat(read.appliedAt()).isEqualTo(farFuture);

        Instant epoch = Instant.EPOCH;
        store.commit(List.of(change(CUSTOMERS_KEY, 0, "")), ALICE, epoch);
        assertThat(store.current(CUSTOMERS_KEY).orElseThrow().appliedAt()).isEqualTo(epoch);
    }

    @Test
    void runRoundTripsThroughInsertAndGet() {
        RunRecord run = RunRecord.started("run-1", ORDERS, 3, RunTrigger.SCHEDULE, T1);

        store.insertRun(run);

        assertThat(store.run("run-1")).contains(run);
        assertThat(store.run("run-2")).isEmpty();
    }

    @Test
    void updateRunReplacesEveryField() {
        store.insertRun(RunRecord.started("run-1", ORDERS, 3, RunTrigger.MANUAL, T1));
        RunRecord finished = new RunRecord("run-1", ORDERS, 3, RunTrigger.MANUAL, RunStatus.FAILED_QUALITY, T1,
                Optional.of(T2), 1_000_000_000_000L, 999, 1, 123_456_789L, Optional.of(42L),
                Optional.of("check 'no_null_ids' failed:\n3 rows"));

        store.updateRun(finished);

        assertThat(store.run("run-1")).contains(finished);
        RunRecord succeeded = new RunRecord("run-1", ORDERS, 3, RunTrigger.MANUAL, RunStatus.SUCCEEDED, T1,
                Optional.of(T2), 10, 10, 0, 2048, Optional.of(0L), Optional.empty());
        store.updateRun(succeeded);
        assertThat(store.run("run-1")).contains(succeeded);
    }

    @Test
    void updateOfAnUnknownRunFails() {
        assertThatThrownBy(() -> store.updateRun(RunRecord.started("missing", ORDERS, 1, RunTrigger.MANUAL, T1)))
                .isInstanceOf(NoSuchRunException.class)
                .hasMessageContaining("missing");
        assertThat(store.run("missing")).isEmpty();
    }

    @Test
    void insertOfADuplicateRunIdFails() {
        RunRecord first = RunRecord.started("run-1", ORDERS, 1, RunTrigger.MANUAL, T1);
        store.insertRun(first);

        assertThatThrownBy(() -> store.insertRun(RunRecord.started("run-1", CUSTOMERS, 2, RunTrigger.SCHEDULE, T2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run-1");

        assertThat(store.run("run-1")).contains(first);
    }

    @Test
    void runsOfAProductAreNewestFirstAndLimited() {
        List<RunRecord> orderRuns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RunRecord run = RunRecord.started("orders-" + i, ORDERS, 1, RunTrigger.SCHEDULE, T1.plusSeconds(60L * i));
            orderRuns.add(run);
        }
        // inserted out of order, so that the order of the answer comes from the start times
        for (int i : new int[] {3, 0, 4, 1, 2}) {
            store.insertRun(orderRuns.get(i));
        }
        store.insertRun(RunRecord.started("customers-0", CUSTOMERS, 1, RunTrigger.MANUAL, T2));

        assertThat(store.runs(ORDERS, 3)).containsExactly(orderRuns.get(4), orderRuns.get(3), orderRuns.get(2));
        assertThat(store.runs(ORDERS, 100)).extracting(RunRecord::runId)
                .containsExactly("orders-4", "orders-3", "orders-2", "orders-1", "orders-0");
        assertThat(store.runs(ORDERS, 0)).isEmpty();
        assertThat(store.runs(CUSTOMERS, 10)).extracting(RunRecord::runId).containsExactly("customers-0");
        assertThat(store.runs(ProductId.parse("dp.sales.nothing"), 10)).isEmpty();
        assertThatThrownBy(() -> store.runs(ORDERS, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsStartedAtTheSameTimeAreOrderedByIdDescending() {
        store.insertRun(RunRecord.started("a", ORDERS, 1, RunTrigger.MANUAL, T1));
        store.insertRun(RunRecord.started("c", ORDERS, 1, RunTrigger.MANUAL, T1));
        store.insertRun(RunRecord.started("b", ORDERS, 1, RunTrigger.MANUAL, T1));

        assertThat(store.runs(ORDERS, 10)).extracting(RunRecord::runId).containsExactly("c", "b", "a");
    }

    /** A passing warn check with nothing but a name, a measured value and no sample. */
    protected static CheckResult passedCheck(String name, double measured) {
        return new CheckResult(name, "row_count", CheckSeverity.WARN, Optional.of(measured), "> 0", true,
                "measured " + measured, OptionalLong.empty(), List.of());
    }

    /** A map of {@code keysAndValues} (name, value, name, value, ...) in that order; values may be null. */
    protected static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private void startRun(String runId, ProductId product, Instant startedAt) {
        store.insertRun(RunRecord.started(runId, product, 1, RunTrigger.SCHEDULE, startedAt));
    }

    @Test
    void checkResultsRoundTripEveryField() {
        startRun("run-1", ORDERS, T1);
        String tricky = "O'Brien said \"hi\" \\ back\\slash\nnew line\ttab – Übersicht ✓ 🚀 \u0001 ${x} {\"a\":[1]}";
        CheckResult failed = new CheckResult("no_null_ids", "null_percentage", CheckSeverity.ERROR, Optional.of(3.25),
                "< 1%", false, "3.25% of customer_id is NULL; expected < 1% — \"ids\" 'quoted' ✓\nsecond line",
                OptionalLong.of(1_000_000_000_000L), List.of(
                        row("zeta", 7, "alpha", tricky, "mid", null, "amount", new BigDecimal("12.50")),
                        row("zeta", 8L, "alpha", "", "mid", true, "amount", LocalDate.of(2026, 3, 1)),
                        row("only", null)));
        CheckResult passed = new CheckResult("fresh", "freshness", CheckSeverity.WARN, Optional.empty(), "<= 3600",
                true, "", OptionalLong.empty(), List.of());
        CheckResult infinite = new CheckResult("growth", "row_count_change", CheckSeverity.WARN,
                Optional.of(Double.POSITIVE_INFINITY), "< 50%", false, "grew from 0 rows", OptionalLong.empty(), List.of());
        CheckResult tiny = new CheckResult("range", "range", CheckSeverity.ERROR, Optional.of(-1.0E-300), "in [0, 1]",
                false, "1 row out of range", OptionalLong.of(0), List.of(row()));
        Instant evaluatedAt = T2;

        store.insertCheckResults("run-1", evaluatedAt, List.of(failed, passed, infinite, tiny));
        List<StoredCheckResult> read = store.checkResults("run-1");

        CheckResult failedAsStored = new CheckResult("no_null_ids", "null_percentage", CheckSeverity.ERROR,
                Optional.of(3.25), "< 1%", false, failed.message(), OptionalLong.of(1_000_000_000_000L), List.of(
                        row("zeta", "7", "alpha", tricky, "mid", null, "amount", "12.50"),
                        row("zeta", "8", "alpha", "", "mid", "true", "amount", "2026-03-01"),
                        row("only", null)));
        assertThat(read).containsExactly(
                new StoredCheckResult("run-1", ORDERS, evaluatedAt, failedAsStored),
                new StoredCheckResult("run-1", ORDERS, evaluatedAt, passed),
                new StoredCheckResult("run-1", ORDERS, evaluatedAt, infinite),
                new StoredCheckResult("run-1", ORDERS, evaluatedAt, tiny));
        List<Map<String, Object>> sample = read.get(0).result().failingSample();
        assertThat(sample.get(0).keySet()).containsExactly("zeta", "alpha", "mid", "amount");
        assertThat(sample.get(0).get("alpha")).isEqualTo(tricky);
        assertThat(sample.get(0)).containsEntry("mid", null);
        assertThat(sample).allSatisfy(sampleRow -> assertThat(sampleRow.values())
                .allSatisfy(value -> assertThat(value == null || value instanceof String).isTrue()));
    }

    @Test
    void aMeasuredValueThatIsNotANumberIsStoredAsNotMeasured() {
        startRun("run-1", ORDERS, T1);
        CheckResult nan = new CheckResult("range", "range", CheckSeverity.WARN, Optional.of(Double.NaN), "in [0, 1]",
                true, "nothing to measure", OptionalLong.of(0), List.of());

        store.insertCheckResults("run-1", T1, List.of(nan));

        assertThat(store.checkResults("run-1")).singleElement()
                .satisfies(stored -> assertThat(stored.result().measured()).isEmpty());
    }

    @Test
    void measuredValuesRoundTripExactlyButForTheSignOfZero() {
        startRun("run-1", ORDERS, T1);
        List<Double> values = List.of(0.1 + 0.2, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.NEGATIVE_INFINITY, 1e15 + 0.5, 42.0);
        List<CheckResult> results = new ArrayList<>();
        for (double value : values) {
            results.add(passedCheck("c" + results.size(), value));
        }

        store.insertCheckResults("run-1", T1, results);

        List<Double> expected = new ArrayList<>(values);
        expected.set(1, 0.0);
        assertThat(store.checkResults("run-1")).extracting(stored -> stored.result().measured().orElseThrow())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void checkResultsKeepTheOrderTheyWereRecordedIn() {
        startRun("run-1", ORDERS, T1);
        List<String> names = List.of("z", "b", "y", "a", "x", "c", "w", "d", "v", "e", "u", "f");
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            results.add(passedCheck(names.get(i), i));
        }

        store.insertCheckResults("run-1", T1, results);

        assertThat(store.checkResults("run-1")).extracting(stored -> stored.result().name())
                .containsExactlyElementsOf(names);
        assertThat(store.checkResults("run-2")).isEmpty();
    }

    @Test
    void checkHistoryIsNewestRunFirstLimitedByRunsAndSkipsRunsWithoutResults() {
        ProductId shipments = ProductId.parse("dp.sales.shipments");
        // recorded out of order, so that the order of the answer comes from the evaluation times
        for (int i : new int[] {2, 0, 3, 1}) {
            startRun("orders-" + i, ORDERS, T1.plusSeconds(60L * i));
            store.insertCheckResults("orders-" + i, T1.plusSeconds(60L * i + 30), List.of(
                    passedCheck("z-" + i, i), passedCheck("a-" + i, i)));
        }
        startRun("orders-empty", ORDERS, T1.plusSeconds(600));
        store.insertCheckResults("orders-empty", T1.plusSeconds(630), List.of());
        startRun("orders-unchecked", ORDERS, T1.plusSeconds(700));
        startRun("customers-0", CUSTOMERS, T1.plusSeconds(900));
        store.insertCheckResults("customers-0", T1.plusSeconds(930), List.of(passedCheck("customers", 1)));

        assertThat(store.checkHistory(ORDERS, 2)).extracting(StoredCheckResult::runId, stored -> stored.result().name())
                .containsExactly(
                        tuple("orders-3", "z-3"), tuple("orders-3", "a-3"),
                        tuple("orders-2", "z-2"), tuple("orders-2", "a-2"));
        assertThat(store.checkHistory(ORDERS, 100)).extracting(StoredCheckResult::runId).containsExactly(
                "orders-3", "orders-3", "orders-2", "orders-2", "orders-1", "orders-1", "orders-0", "orders-0");
        assertThat(store.checkHistory(ORDERS, 100)).allSatisfy(stored -> assertThat(stored.productId()).isEqualTo(ORDERS));
        assertThat(store.checkHistory(ORDERS, 1)).extracting(StoredCheckResult::evaluatedAt)
                .containsOnly(T1.plusSeconds(60L * 3 + 30));
        assertThat(store.checkHistory(CUSTOMERS, 10)).extracting(StoredCheckResult::runId, StoredCheckResult::productId)
                .containsExactly(tuple("customers-0", CUSTOMERS));
        assertThat(store.checkHistory(shipments, 10)).isEmpty();
        assertThat(store.checkHistory(ORDERS, 0)).isEmpty();
        assertThatThrownBy(() -> store.checkHistory(ORDERS, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkHistoryOrdersRunsEvaluatedAtTheSameTimeByIdDescending() {
        for (String id : new String[] {"a", "c", "b"}) {
            startRun(id, ORDERS, T1);
            store.insertCheckResults(id, T2, List.of(passedCheck("check-" + id, 1)));
        }

        assertThat(store.checkHistory(ORDERS, 10)).extracting(StoredCheckResult::runId).containsExactly("c", "b", "a");
    }

    @Test
    void checkResultsOfAnUnknownRunAreRejected() {
        assertThatThrownBy(() -> store.insertCheckResults("missing", T1, List.of(passedCheck("c", 1))))
                .isInstanceOf(NoSuchRunException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> store.insertCheckResults("missing", T1, List.of()))
                .isInstanceOf(NoSuchRunException.class);

        assertThat(store.checkResults("missing")).isEmpty();
        assertThat(store.checkHistory(ORDERS, 10)).isEmpty();
    }

    @Test
    void checkResultsOfARunAreRecordedOnce() {
        startRun("run-1", ORDERS, T1);
        store.insertCheckResults("run-1", T1, List.of(passedCheck("first", 1), passedCheck("second", 2)));
        List<StoredCheckResult> first = store.checkResults("run-1");

        assertThatThrownBy(() -> store.insertCheckResults("run-1", T2, List.of(passedCheck("again", 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run-1");
        assertThatThrownBy(() -> store.insertCheckResults("run-1", T2, List.of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.checkResults("run-1")).isEqualTo(first).hasSize(2);
        assertThat(store.checkHistory(ORDERS, 10)).isEqualTo(first);
    }

    @Test
    void recordingNoCheckResultsLeavesTheRunOpenForResults() {
        startRun("run-1", ORDERS, T1);

        store.insertCheckResults("run-1", T1, List.of());

        assertThat(store.checkResults("run-1")).isEmpty();
        store.insertCheckResults("run-1", T2, List.of(passedCheck("late", 1)));
        assertThat(store.checkResults("run-1")).extracting(stored -> stored.result().name()).containsExactly("late");
    }

    @Test
    void aFailingSampleColumnWithoutANameIsRejected() {
        startRun("run-1", ORDERS, T1);
        Map<String, Object> unnamed = new LinkedHashMap<>();
        unnamed.put(null, "x");
        CheckResult result = new CheckResult("c", "not_null", CheckSeverity.ERROR, Optional.of(1.0), "== 0", false,
                "1 NULL", OptionalLong.of(1), List.of(unnamed));

        assertThatThrownBy(() -> store.insertCheckResults("run-1", T1, List.of(passedCheck("ok", 1), result)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.checkResults("run-1")).isEmpty();
    }

    @Test
    void racingCommitsOnOneResourceHaveExactlyOneWinner() throws Exception {
        commitOne(change(ORDERS_KEY, 0, "v1"));
        int threads = 8;
        List<Outcome> outcomes = race(threads, racer -> () -> {
            try {
                store.commit(List.of(change(ORDERS_KEY, 1, "racer-" + racer)), ALICE, T2);
                return new Outcome(racer, true);
            } catch (CommitConflictException e) {
                return new Outcome(racer, false);
            }
        });

        List<Outcome> winners = outcomes.stream().filter(Outcome::won).toList();
        assertThat(winners).hasSize(1);
        assertThat(store.history(ORDERS_KEY)).extracting(StoredResource::version).containsExactly(1L, 2L);
        assertThat(store.current(ORDERS_KEY).orElseThrow().document()).isEqualTo(document("racer-" + winners.get(0).racer()));
    }

    @Test
    void racingCommitsOnDifferentResourcesAllSucceed() throws Exception {
        int threads = 8;
        List<Outcome> outcomes = race(threads, racer -> () -> {
            ResourceKey key = ResourceKey.product(ProductId.parse("dp.sales.p" + racer));
            store.commit(List.of(change(key, 0, "v1")), ALICE, T1);
            store.commit(List.of(change(key, 1, "v2")), ALICE, T2);
            return new Outcome(racer, true);
        });

        assertThat(outcomes).allMatch(Outcome::won);
        assertThat(store.list(ResourceKind.PRODUCT)).hasSize(threads).allMatch(resource -> resource.version() == 2);
    }

    /** The result of one racer: whether its commit was stored. */
    protected record Outcome(int racer, boolean won) {}

    /** A factory of the task one racer runs. */
    @FunctionalInterface
    protected interface Racer {
        Callable<Outcome> task(int racer);
    }

    /** Runs one task per racer, all released at once, and returns their outcomes. */
    protected static List<Outcome> race(int racers, Racer racer) throws InterruptedException, ExecutionException {
        ExecutorService executor = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch ready = new CountDownLatch(racers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<Outcome> task = racer.task(i);
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    start.await();
                    return task.call();
                }));
            }
            ready.await();
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } catch (TimeoutException e) {
            throw new AssertionError("a racer did not finish within 60 s", e);
        } finally {
            executor.shutdownNow();
        }
    }
}
