package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.NoSuchRunException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.store.GovernanceStores;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoreRevision;
import org.meshwork.api.store.StoredResource;
import org.meshwork.store.MetadataStoreException;

/**
 * The SQL of a {@link MetadataStore}, shared by every database that holds the schema of the Flyway migrations in
 * {@code db/migration}. A subclass says how a write transaction begins and ends, which failures are transient and
 * worth another attempt, and which clause locks a row for the rest of a transaction.
 *
 * <p>A commit checks and moves each resource's current-version pointer (table {@code resources}) inside one write
 * transaction, then appends the versions. Pointers are visited in key order, so two batches that touch the same
 * resources lock them in the same order. A pointer moves only when it still holds the change's base version, and a
 * new pointer is inserted only when no row exists ({@code ON CONFLICT DO NOTHING}): a writer that lost a race learns
 * the winner's version and fails with {@link CommitConflictException}, never with a key violation.
 *
 * <p>Check results are stored one row per result (table {@code check_results}), keyed by run and position; a failing
 * sample is a JSON array of objects whose values are text or null.
 *
 * <p>Times are stored as {@link TimestampText}. Failures of the database are reported as
 * {@link MetadataStoreException} naming the database and the operation.
 */
public abstract class JdbcMetadataStore implements MetadataStore, GovernanceStores {
    /** The schema migrations, the same for every database. */
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    private static final String RESOURCE_COLUMNS =
            "v.kind, v.name, v.version, v.domain, v.document, v.content_hash, v.applied_by, v.applied_at";
    private static final String RUN_COLUMNS = "run_id, product_id, descriptor_version, trigger_kind, status,"
            + " started_at, ended_at, rows_read, rows_written, rows_quarantined, bytes_written, table_version, error";
    private static final String CURRENT_VERSIONS = "SELECT " + RESOURCE_COLUMNS
            + " FROM resources r JOIN resource_versions v"
            + " ON v.kind = r.kind AND v.name = r.name AND v.version = r.current_version";
    private static final String CHECK_COLUMNS = "c.run_id, c.position, c.product_id, c.evaluated_at, c.name, c.kind,"
            + " c.severity, c.measured, c.expectation, c.passed, c.message, c.failing_rows, c.failing_sample";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<LinkedHashMap<String, String>>> SAMPLE_TYPE = new TypeReference<>() {};
    private static final Comparator<ResourceChange> LOCK_ORDER = Comparator
            .comparing((ResourceChange change) -> change.key().kind())
            .thenComparing(change -> change.key().name());

    private final String database;
    private final Jdbi jdbi;
    private final String binaryOrder;
    private final String currentVersionQuery;
    private final String rowLockClause;
    private final JdbcAccessStore accessStore;
    private final JdbcAuditTrail auditTrail;
    private final JdbcStoreRevision storeRevision;
    private final RevisionCache cache;
    private volatile boolean closed;

    /**
     * @param database how messages name the database: a file, or a URL without its credentials
     * @param jdbi opens a new connection for each operation
     * @param binaryCollation the clause that makes text compare by code point, appended to {@code ORDER BY} columns so
     *     that names and ids sort the same whatever the database's default collation ({@code ""} when that is
     *     already the default)
     * @param rowLockClause the clause that locks the rows a {@code SELECT} reads until the transaction ends
     *     ({@code ""} when a write transaction already excludes every other writer)
     */
    protected JdbcMetadataStore(String database, Jdbi jdbi, String binaryCollation, String rowLockClause) {
        this.database = requireNonNull(database, "database is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.binaryOrder = requireNonNull(binaryCollation, "binaryCollation is null");
        this.currentVersionQuery = "SELECT current_version FROM resources WHERE kind = :kind AND name = :name"
                + requireNonNull(rowLockClause, "rowLockClause is null");
        this.rowLockClause = rowLockClause;
        this.storeRevision = new JdbcStoreRevision(database, jdbi);
        this.cache = new RevisionCache(storeRevision);
        this.accessStore = new JdbcAccessStore(this);
        this.auditTrail = new JdbcAuditTrail(this);
    }

    /**
     * The store's change counter (table {@code store_revision}), raised by every change of resources, grants, access
     * requests and tokens. Current versions, resource lists, grants and tokens are read through a cache validated by
     * it: each such read costs one query of the revision while nothing changes.
     */
    public StoreRevision storeRevision() {
        return storeRevision;
    }

    /** The grants, access requests and token hashes, in the same database (tables of {@code V3__access.sql}). */
    @Override
    public AccessStore accessStore() {
        return accessStore;
    }

    /** The audit hash chain, in the same database (tables of {@code V3__access.sql}). */
    @Override
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    /** The clause that locks the rows a {@code SELECT} reads until the transaction ends ({@code ""} for SQLite). */
    final String rowLockClause() {
        return rowLockClause;
    }

    /** Work done on one connection. */
    @FunctionalInterface
    protected interface Work<T> {
        T run(Handle handle);
    }

    /**
     * Runs {@code work} in one write transaction on {@code handle}: commits when it returns, rolls back and rethrows
     * when it throws.
     */
    protected abstract <T> T inTransaction(Handle handle, Work<T> work);

    /**
     * Why {@code failure} is transient — the whole operation was rolled back and may succeed when tried again — or
     * empty when it is not.
     */
    protected abstract Optional<String> transientFailure(JdbiException failure);

    /** How often an operation is tried while it fails transiently. */
    protected abstract int attempts();

    /** Releases what the store holds beyond its per-operation connections; called once, by {@link #close()}. */
    protected void release() {}

    /** How messages name the database. */
    protected final String database() {
        return database;
    }

    @Override
    public Optional<StoredResource> current(ResourceKey key) {
        requireNonNull(key, "key is null");
        return cached(new CurrentKey(key), () -> withHandle("read " + key, handle -> handle
                .createQuery(CURRENT_VERSIONS + " WHERE r.kind = :kind AND r.name = :name")
                .bind("kind", key.kind().name())
                .bind("name", key.name())
                .map((row, context) -> resource(row))
                .findOne()));
    }

    @Override
    public Optional<StoredResource> version(ResourceKey key, long version) {
        requireNonNull(key, "key is null");
        return withHandle("read " + key + " version " + version, handle -> handle
                .createQuery("SELECT " + RESOURCE_COLUMNS + " FROM resource_versions v"
                        + " WHERE v.kind = :kind AND v.name = :name AND v.version = :version")
                .bind("kind", key.kind().name())
                .bind("name", key.name())
                .bind("version", version)
                .map((row, context) -> resource(row))
                .findOne());
    }

    @Override
    public List<StoredResource> history(ResourceKey key) {
        requireNonNull(key, "key is null");
        return withHandle("read the history of " + key, handle -> handle
                .createQuery("SELECT " + RESOURCE_COLUMNS + " FROM resource_versions v"
                        + " WHERE v.kind = :kind AND v.name = :name ORDER BY v.version")
                .bind("kind", key.kind().name())
                .bind("name", key.name())
                .map((row, context) -> resource(row))
                .list());
    }

    @Override
    public List<StoredResource> list(ResourceKind kind) {
        requireNonNull(kind, "kind is null");
        return cached(new ListKey(kind, Optional.empty()), () -> withHandle("list " + kind, handle -> List.copyOf(handle
                .createQuery(CURRENT_VERSIONS + " WHERE r.kind = :kind ORDER BY r.name" + binaryOrder)
                .bind("kind", kind.name())
                .map((row, context) -> resource(row))
                .list())));
    }

    @Override
    public List<StoredResource> list(ResourceKind kind, DomainName domain) {
        requireNonNull(kind, "kind is null");
        requireNonNull(domain, "domain is null");
        return cached(new ListKey(kind, Optional.of(domain)), () -> withHandle("list " + kind + " of domain " + domain,
                handle -> List.copyOf(handle
                        .createQuery(CURRENT_VERSIONS + " WHERE r.kind = :kind AND v.domain = :domain ORDER BY r.name"
                                + binaryOrder)
                        .bind("kind", kind.name())
                        .bind("domain", domain.value())
                        .map((row, context) -> resource(row))
                        .list())));
    }

    @Override
    public List<StoredResource> commit(List<ResourceChange> changes, UserName actor, Instant at) {
        requireNonNull(changes, "changes is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(at, "at is null");
        Set<ResourceKey> keys = new HashSet<>();
        for (ResourceChange change : changes) {
            if (!keys.add(change.key())) {
                throw new IllegalArgumentException("a commit names " + change.key() + " twice");
            }
        }
        if (changes.isEmpty()) {
            return List.of();
        }
        String appliedAt = TimestampText.format(at);
        List<ResourceChange> lockOrder = changes.stream().sorted(LOCK_ORDER).toList();
        return inChangingTransaction("commit " + keys, handle -> {
            for (ResourceChange change : lockOrder) {
                moveCurrentVersion(handle, change);
            }
            List<StoredResource> stored = new ArrayList<>(changes.size());
            for (ResourceChange change : changes) {
                handle.createUpdate("INSERT INTO resource_versions"
                                + " (kind, name, version, domain, document, content_hash, applied_by, applied_at)"
                                + " VALUES (:kind, :name, :version, :domain, :document, :hash, :actor, :at)")
                        .bind("kind", change.key().kind().name())
                        .bind("name", change.key().name())
                        .bind("version", change.baseVersion() + 1)
                        .bind("domain", change.domain().map(DomainName::value).orElse(null))
                        .bind("document", change.document())
                        .bind("hash", change.contentHash())
                        .bind("actor", actor.value())
                        .bind("at", appliedAt)
                        .execute();
                stored.add(new StoredResource(change.key(), change.baseVersion() + 1, change.domain(),
                        change.document(), change.contentHash(), actor, at));
            }
            return List.copyOf(stored);
        });
    }

    /**
     * Checks the current version against the change's base and moves the pointer on. Where the read does not lock
     * the pointer (a resource that does not exist yet has no row to lock), a concurrent writer can move or create it
     * between the check and the write; the guarded update and {@code ON CONFLICT DO NOTHING} then change no row, and
     * a second read — a new statement, which sees the winner's commit — names the version that won.
     */
    private void moveCurrentVersion(Handle handle, ResourceChange change) {
        ResourceKey key = change.key();
        long actual = currentVersion(handle, key);
        if (actual != change.baseVersion()) {
            throw conflict(key, change.baseVersion(), actual);
        }
        int moved;
        if (change.baseVersion() == 0) {
            moved = handle.createUpdate("INSERT INTO resources (kind, name, current_version) VALUES (:kind, :name, 1)"
                            + " ON CONFLICT DO NOTHING")
                    .bind("kind", key.kind().name())
                    .bind("name", key.name())
                    .execute();
        } else {
            moved = handle.createUpdate("UPDATE resources SET current_version = :next"
                            + " WHERE kind = :kind AND name = :name AND current_version = :base")
                    .bind("next", change.baseVersion() + 1)
                    .bind("kind", key.kind().name())
                    .bind("name", key.name())
                    .bind("base", change.baseVersion())
                    .execute();
        }
        if (moved != 1) {
            throw conflict(key, change.baseVersion(), currentVersion(handle, key));
        }
    }

    private long currentVersion(Handle handle, ResourceKey key) {
        return handle.createQuery(currentVersionQuery)
                .bind("kind", key.kind().name())
                .bind("name", key.name())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    private static CommitConflictException conflict(ResourceKey key, long expected, long actual) {
        return new CommitConflictException("commit of " + key + " conflicts: expected current version " + expected
                + " but it is " + actual + "; someone else committed first, re-read it and try again");
    }

    @Override
    public void insertRun(RunRecord run) {
        requireNonNull(run, "run is null");
        inWriteTransaction("insert run " + run.runId(), handle -> {
            if (handle.createQuery("SELECT COUNT(*) FROM runs WHERE run_id = :id")
                    .bind("id", run.runId())
                    .mapTo(Long.class)
                    .one() > 0) {
                throw new IllegalArgumentException("run '" + run.runId() + "' already exists");
            }
            return handle.createUpdate("INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (:runId, :productId,"
                            + " :descriptorVersion, :trigger, :status, :startedAt, :endedAt, :rowsRead, :rowsWritten,"
                            + " :rowsQuarantined, :bytesWritten, :tableVersion, :error)")
                    .bindMap(runParameters(run))
                    .execute();
        });
    }

    @Override
    public void updateRun(RunRecord run) {
        requireNonNull(run, "run is null");
        int updated = inWriteTransaction("update run " + run.runId(), handle -> handle
                .createUpdate("UPDATE runs SET product_id = :productId, descriptor_version = :descriptorVersion,"
                        + " trigger_kind = :trigger, status = :status, started_at = :startedAt, ended_at = :endedAt,"
                        + " rows_read = :rowsRead, rows_written = :rowsWritten, rows_quarantined = :rowsQuarantined,"
                        + " bytes_written = :bytesWritten, table_version = :tableVersion, error = :error"
                        + " WHERE run_id = :runId")
                .bindMap(runParameters(run))
                .execute());
        if (updated == 0) {
            throw new NoSuchRunException(run.runId());
        }
    }

    private static Map<String, Object> runParameters(RunRecord run) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("runId", run.runId());
        parameters.put("productId", run.productId().toString());
        parameters.put("descriptorVersion", run.descriptorVersion());
        parameters.put("trigger", run.trigger().name());
        parameters.put("status", run.status().name());
        parameters.put("startedAt", TimestampText.format(run.startedAt()));
        parameters.put("endedAt", run.endedAt().map(TimestampText::format).orElse(null));
        parameters.put("rowsRead", run.rowsRead());
        parameters.put("rowsWritten", run.rowsWritten());
        parameters.put("rowsQuarantined", run.rowsQuarantined());
        parameters.put("bytesWritten", run.bytesWritten());
        parameters.put("tableVersion", run.tableVersion().orElse(null));
        parameters.put("error", run.error().orElse(null));
        return parameters;
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        requireNonNull(runId, "runId is null");
        return withHandle("read run " + runId, handle -> handle
                .createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = :id")
                .bind("id", runId)
                .map((row, context) -> run(row))
                .findOne());
    }

    @Override
    public List<RunRecord> runs(ProductId productId, int limit) {
        requireNonNull(productId, "productId is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        return withHandle("list the runs of " + productId, handle -> handle
                .createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE product_id = :productId"
                        + " ORDER BY started_at" + binaryOrder + " DESC, run_id" + binaryOrder + " DESC LIMIT :limit")
                .bind("productId", productId.toString())
                .bind("limit", limit)
                .map((row, context) -> run(row))
                .list());
    }

    /**
     * Checks the run and writes every result in one write transaction. Two writers recording results of the same run
     * at once: on SQLite they queue for the write lock and the second sees the first's rows; on PostgreSQL the second
     * meets the primary key, is retried (a key violation is transient there) and then sees them.
     */
    @Override
    public void insertCheckResults(String runId, Instant evaluatedAt, List<CheckResult> results) {
        requireNonNull(runId, "runId is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        requireNonNull(results, "results is null");
        String evaluated = TimestampText.format(evaluatedAt);
        List<Map<String, Object>> rows = new ArrayList<>(results.size());
        for (CheckResult result : results) {
            rows.add(checkParameters(StoredCheckResult.asStored(requireNonNull(result, "a result is null"))));
        }
        inWriteTransaction("record the check results of run " + runId, handle -> {
            String productId = handle.createQuery("SELECT product_id FROM runs WHERE run_id = :id")
                    .bind("id", runId)
                    .mapTo(String.class)
                    .findOne()
                    .orElseThrow(() -> new NoSuchRunException(runId));
            if (handle.createQuery("SELECT COUNT(*) FROM check_results WHERE run_id = :id")
                    .bind("id", runId)
                    .mapTo(Long.class)
                    .one() > 0) {
                throw new IllegalArgumentException("the check results of run '" + runId + "' are recorded already");
            }
            for (int position = 0; position < rows.size(); position++) {
                handle.createUpdate("INSERT INTO check_results (run_id, position, product_id, evaluated_at, name, kind,"
                                + " severity, measured, expectation, passed, message, failing_rows, failing_sample)"
                                + " VALUES (:runId, :position, :productId, :evaluatedAt, :name, :kind, :severity,"
                                + " :measured, :expectation, :passed, :message, :failingRows, :failingSample)")
                        .bindMap(rows.get(position))
                        .bind("runId", runId)
                        .bind("position", position)
                        .bind("productId", productId)
                        .bind("evaluatedAt", evaluated)
                        .execute();
            }
            return null;
        });
    }

    private static Map<String, Object> checkParameters(CheckResult result) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("name", result.name());
        parameters.put("kind", result.kind());
        parameters.put("severity", result.severity().name());
        parameters.put("measured", result.measured().orElse(null));
        parameters.put("expectation", result.expectation());
        parameters.put("passed", result.passed());
        parameters.put("message", result.message());
        parameters.put("failingRows", result.failingRows().isPresent() ? result.failingRows().getAsLong() : null);
        parameters.put("failingSample", sampleJson(result.failingSample()));
        return parameters;
    }

    @Override
    public List<StoredCheckResult> checkResults(String runId) {
        requireNonNull(runId, "runId is null");
        return withHandle("read the check results of run " + runId, handle -> handle
                .createQuery("SELECT " + CHECK_COLUMNS + " FROM check_results c WHERE c.run_id = :id ORDER BY c.position")
                .bind("id", runId)
                .map((row, context) -> checkResult(row))
                .list());
    }

    /**
     * The newest runs are found through their first result (position 0, which every run with results has) in the
     * index on product and evaluation time; then all their results are read.
     */
    @Override
    public List<StoredCheckResult> checkHistory(ProductId productId, int runs) {
        requireNonNull(productId, "productId is null");
        if (runs < 0) {
            throw new IllegalArgumentException("runs must be >= 0: " + runs);
        }
        return withHandle("read the check history of " + productId, handle -> handle
                .createQuery("SELECT " + CHECK_COLUMNS + " FROM check_results c JOIN"
                        + " (SELECT run_id FROM check_results WHERE product_id = :productId AND position = 0"
                        + " ORDER BY evaluated_at" + binaryOrder + " DESC, run_id" + binaryOrder + " DESC"
                        + " LIMIT :runs) newest ON newest.run_id = c.run_id"
                        + " ORDER BY c.evaluated_at" + binaryOrder + " DESC, c.run_id" + binaryOrder + " DESC,"
                        + " c.position")
                .bind("productId", productId.toString())
                .bind("runs", runs)
                .map((row, context) -> checkResult(row))
                .list());
    }

    /** The policy compliance status kept in the same database, over the same connections. */
    @Override
    public PolicyComplianceStore policyCompliance() {
        return new JdbcPolicyComplianceStore(this);
    }

    /** The wrapped data keys of encrypted products (table of {@code V6__product_keys.sql}), over the same connections. */
    public org.meshwork.api.crypto.ProductKeyStore productKeys() {
        return new JdbcProductKeyStore(this);
    }

    /** The lineage kept in this store's database, through the same connections and transactions. */
    public org.meshwork.api.lineage.LineageStore lineageStore() {
        return new JdbcLineageStore(this);
    }

    /** Closes the store; later operations fail with {@link IllegalStateException}. Closing again does nothing. */

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        storeRevision.close();
        release();
    }

    private static StoredResource resource(ResultSet row) throws SQLException {
        String domain = row.getString("domain");
        return new StoredResource(
                new ResourceKey(ResourceKind.valueOf(row.getString("kind")), row.getString("name")),
                row.getLong("version"),
                domain == null ? Optional.empty() : Optional.of(DomainName.of(domain)),
                row.getString("document"),
                row.getString("content_hash"),
                UserName.of(row.getString("applied_by")),
                TimestampText.parse(row.getString("applied_at")));
    }

    private static RunRecord run(ResultSet row) throws SQLException {
        String endedAt = row.getString("ended_at");
        long tableVersion = row.getLong("table_version");
        boolean hasTableVersion = !row.wasNull();
        return new RunRecord(
                row.getString("run_id"),
                ProductId.parse(row.getString("product_id")),
                row.getLong("descriptor_version"),
                RunTrigger.valueOf(row.getString("trigger_kind")),
                RunStatus.valueOf(row.getString("status")),
                TimestampText.parse(row.getString("started_at")),
                endedAt == null ? Optional.empty() : Optional.of(TimestampText.parse(endedAt)),
                row.getLong("rows_read"),
                row.getLong("rows_written"),
                row.getLong("rows_quarantined"),
                row.getLong("bytes_written"),
                hasTableVersion ? Optional.of(tableVersion) : Optional.empty(),
                Optional.ofNullable(row.getString("error")));
    }

    private static StoredCheckResult checkResult(ResultSet row) throws SQLException {
        double measured = row.getDouble("measured");
        boolean hasMeasured = !row.wasNull();
        long failingRows = row.getLong("failing_rows");
        boolean hasFailingRows = !row.wasNull();
        CheckResult result = new CheckResult(
                row.getString("name"),
                row.getString("kind"),
                CheckSeverity.valueOf(row.getString("severity")),
                hasMeasured ? Optional.of(measured) : Optional.empty(),
                row.getString("expectation"),
                row.getBoolean("passed"),
                row.getString("message"),
                hasFailingRows ? OptionalLong.of(failingRows) : OptionalLong.empty(),
                sample(row.getString("failing_sample")));
        return new StoredCheckResult(row.getString("run_id"), ProductId.parse(row.getString("product_id")),
                TimestampText.parse(row.getString("evaluated_at")), result);
    }

    /** A sample in stored form (values are text or null) as a JSON array of objects, keeping column order. */
    private static String sampleJson(List<Map<String, Object>> sample) {
        try {
            return JSON.writeValueAsString(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a failing sample as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Map<String, Object>> sample(String json) throws SQLException {
        List<LinkedHashMap<String, String>> rows;
        try {
            rows = JSON.readValue(json, SAMPLE_TYPE);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored failing sample is not a JSON array of objects: " + e.getOriginalMessage(), e);
        }
        List<Map<String, Object>> sample = new ArrayList<>(rows.size());
        for (LinkedHashMap<String, String> row : rows) {
            sample.add(new LinkedHashMap<>(row));
        }
        return sample;
    }

    /** Shared with the store's sibling SPIs (access, audit, policy compliance): their transactions and retries. */
    final <T> T inWriteTransaction(String operation, Work<T> work) {
        return withHandle(operation, handle -> inTransaction(handle, work));
    }

    /**
     * A write transaction that changes what {@link #cached} reads (resources, grants, access requests, tokens): it
     * raises the store revision last, in the same transaction, so the change and the new revision commit together.
     */
    final <T> T inChangingTransaction(String operation, Work<T> work) {
        try {
            return inWriteTransaction(operation, handle -> {
                T result = work.run(handle);
                JdbcStoreRevision.raise(handle);
                return result;
            });
        } finally {
            cache.changed(); // a pinned request that wrote reads its own write
        }
    }

    /**
     * Pins the store revision for the calling thread until the returned scope closes: the cached reads of the scope
     * read the revision once, at the first of them, instead of once each (a served request makes about a dozen). The
     * scope sees the store as of its first read or newer; a change through this store on the same thread re-reads the
     * revision. For the span of one request, not longer: changes by others show only in the next scope.
     */
    public RevisionPin pinRevision() {
        RevisionCache.Scope scope = cache.pin();
        return scope::close;
    }

    /** The scope of {@link #pinRevision()}. */
    @FunctionalInterface
    public interface RevisionPin extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A read whose result is reused while the store revision does not move; {@code key} names the read and its
     * arguments, and the result must be immutable.
     */
    final <T> T cached(Object key, Supplier<T> read) {
        if (closed) {
            throw new IllegalStateException("the metadata store " + database + " is closed");
        }
        return cache.get(key, read);
    }

    private record CurrentKey(ResourceKey key) {}

    private record ListKey(ResourceKind kind, Optional<DomainName> domain) {}

    /**
     * Runs {@code work} on a fresh connection. When it fails transiently (see {@link #transientFailure}) the whole
     * work is tried again, up to {@link #attempts()} times in all — it has been rolled back, so that is safe.
     */
    final <T> T withHandle(String operation, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the metadata store " + database + " is closed");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.withHandle(work::run);
            } catch (JdbiException e) {
                Optional<String> transientReason = transientFailure(e);
                if (transientReason.isPresent() && attempt < attempts()) {
                    pause(attempt);
                    continue;
                }
                String reason = transientReason.isPresent()
                        ? transientReason.get() + " (after " + attempt + " attempts)"
                        : rootMessage(e);
                throw new MetadataStoreException("metadata store " + database + ": cannot " + operation + ": "
                        + reason, e);
            }
        }
    }

    /** The message of the innermost cause: the driver's own words. */
    protected static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** A short, growing, jittered pause, so that retrying writers do not collide again in lockstep. */
    private static void pause(int attempt) {
        long millis = 25L * attempt + ThreadLocalRandom.current().nextLong(25);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataStoreException("interrupted while waiting to retry a metadata store operation", e);
        }
    }
}
