package org.meshwork.store.sqlite;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.NoSuchRunException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.RunTrigger;
import org.meshwork.api.store.StoredResource;
import org.meshwork.store.MetadataStoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A {@link MetadataStore} in one SQLite database file, the embedded default. Several processes (the CLI and a server)
 * may open the same file at once: the database runs in WAL mode, so readers never wait for a writer, and every write
 * starts with {@code BEGIN IMMEDIATE}, so writers queue for the write lock (up to {@link #BUSY_TIMEOUT}) instead of
 * failing half-way. A commit checks and moves each resource's current-version pointer inside that one transaction.
 *
 * <p>The schema is created and upgraded by Flyway migrations ({@code db/migration}) when the store is opened, under a
 * lock on the file {@code <database file>.migration-lock}. When the schema history already records every migration
 * this build has, with the same checksums, Flyway is not started at all ({@link SchemaVersion}): its classpath scan
 * and validation were most of the CLI's fixed cost.
 * Each operation uses its own connection; the store keeps one more connection open until {@link #close()} so that
 * SQLite keeps the WAL between operations instead of checkpointing and deleting it every time.
 *
 * <p>Failures of the database are reported as {@link MetadataStoreException}.
 */
public final class SqliteMetadataStore implements MetadataStore {
    /** How long a connection waits for a lock held by another connection before SQLite reports it busy. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** How often an operation is tried when SQLite still reports the database busy after {@link #BUSY_TIMEOUT}. */
    public static final int BUSY_ATTEMPTS = 3;
    /** The suffix of the file beside the database that processes lock while they migrate the schema. */
    public static final String MIGRATION_LOCK_SUFFIX = ".migration-lock";
    private static final Object MIGRATION_LOCK = new Object();

    private static final String RESOURCE_COLUMNS =
            "v.kind, v.name, v.version, v.domain, v.document, v.content_hash, v.applied_by, v.applied_at";
    private static final String CURRENT_VERSIONS = "SELECT " + RESOURCE_COLUMNS
            + " FROM resources r JOIN resource_versions v"
            + " ON v.kind = r.kind AND v.name = r.name AND v.version = r.current_version";
    private static final String RUN_COLUMNS = "run_id, product_id, descriptor_version, trigger_kind, status,"
            + " started_at, ended_at, rows_read, rows_written, rows_quarantined, bytes_written, table_version, error";

    private final Path databaseFile;
    private final Jdbi jdbi;
    private final Connection walKeeper;
    private volatile boolean closed;

    private SqliteMetadataStore(Path databaseFile, Jdbi jdbi, Connection walKeeper) {
        this.databaseFile = databaseFile;
        this.jdbi = jdbi;
        this.walKeeper = walKeeper;
    }

    /**
     * Opens the store in {@code databaseFile}, creating the file and its parent directories when they do not exist,
     * and brings the schema up to date.
     *
     * @throws MetadataStoreException when the file cannot be created, opened or migrated
     */
    public static SqliteMetadataStore open(Path databaseFile) {
        requireNonNull(databaseFile, "databaseFile is null");
        Path file = databaseFile.toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new MetadataStoreException("cannot create the directory of the metadata store " + file + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(Math.toIntExact(BUSY_TIMEOUT.toMillis()));
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);

        Connection walKeeper = null;
        try {
            walKeeper = dataSource.getConnection();
            enableWal(walKeeper, file);
            if (!SchemaVersion.isCurrent(walKeeper)) {
                migrate(dataSource, file);
            }
            return new SqliteMetadataStore(file, Jdbi.create(dataSource), walKeeper);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(walKeeper, e);
            if (e instanceof MetadataStoreException storeException) {
                throw storeException;
            }
            throw new MetadataStoreException("cannot open the metadata store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The WAL journal mode is a property of the file; setting it again is a no-op that tells the current mode. */
    private static void enableWal(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = result.next() ? result.getString(1) : "unknown";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new MetadataStoreException("the metadata store " + file + " cannot use WAL journal mode (it is in "
                        + mode + " mode); it must be on a local file system");
            }
        }
    }

    /**
     * Two processes opening a new file at once would both try to create the schema, and the loser's migration would
     * fail. An exclusive lock on a file beside the database serialises migrations between processes; a file lock
     * belongs to the whole JVM, so the threads of this one queue on {@link #MIGRATION_LOCK} first.
     */
    private static void migrate(SQLiteDataSource dataSource, Path file) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        Path lockFile = file.resolveSibling(file.getFileName() + MIGRATION_LOCK_SUFFIX);
        synchronized (MIGRATION_LOCK) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                flyway.migrate();
            } catch (IOException e) {
                throw new MetadataStoreException("cannot lock " + lockFile + " to migrate the metadata store: " + e, e);
            } catch (FlywayException e) {
                throw new MetadataStoreException("cannot migrate the schema of the metadata store " + file + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The absolute path of the database file. */
    public Path databaseFile() {
        return databaseFile;
    }

    @Override
    public Optional<StoredResource> current(ResourceKey key) {
        requireNonNull(key, "key is null");
        return withHandle("read " + key, handle -> handle
                .createQuery(CURRENT_VERSIONS + " WHERE r.kind = :kind AND r.name = :name")
                .bind("kind", key.kind().name())
                .bind("name", key.name())
                .map((row, context) -> resource(row))
                .findOne());
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
        return withHandle("list " + kind, handle -> handle
                .createQuery(CURRENT_VERSIONS + " WHERE r.kind = :kind ORDER BY r.name")
                .bind("kind", kind.name())
                .map((row, context) -> resource(row))
                .list());
    }

    @Override
    public List<StoredResource> list(ResourceKind kind, DomainName domain) {
        requireNonNull(kind, "kind is null");
        requireNonNull(domain, "domain is null");
        return withHandle("list " + kind + " of domain " + domain, handle -> handle
                .createQuery(CURRENT_VERSIONS + " WHERE r.kind = :kind AND v.domain = :domain ORDER BY r.name")
                .bind("kind", kind.name())
                .bind("domain", domain.value())
                .map((row, context) -> resource(row))
                .list());
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
        return inWriteTransaction("commit " + keys, handle -> {
            List<StoredResource> stored = new ArrayList<>(changes.size());
            for (ResourceChange change : changes) {
                moveCurrentVersion(handle, change);
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
     * Checks the current version against the change's base and moves the pointer on. Inside {@code BEGIN IMMEDIATE}
     * the check alone would do; the {@code current_version = base} guard on the update keeps the statement correct
     * where writers do not serialise, so the SQL can serve a PostgreSQL store as well.
     */
    private static void moveCurrentVersion(Handle handle, ResourceChange change) {
        ResourceKey key = change.key();
        long actual = handle.createQuery("SELECT current_version FROM resources WHERE kind = :kind AND name = :name")
                .bind("kind", key.kind().name())
                .bind("name", key.name())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
        if (actual != change.baseVersion()) {
            throw conflict(key, change.baseVersion(), actual);
        }
        int moved;
        if (change.baseVersion() == 0) {
            moved = handle.createUpdate("INSERT INTO resources (kind, name, current_version) VALUES (:kind, :name, 1)")
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
            throw conflict(key, change.baseVersion(), actual);
        }
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
                        + " ORDER BY started_at DESC, run_id DESC LIMIT :limit")
                .bind("productId", productId.toString())
                .bind("limit", limit)
                .map((row, context) -> run(row))
                .list());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            walKeeper.close();
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot close the metadata store " + databaseFile + ": " + e.getMessage(), e);
        }
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

    /** Work done on one connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Handle handle);
    }

    /**
     * Runs {@code work} in one write transaction. The statements are explicit, not JDBC's {@code setAutoCommit},
     * because sqlite-jdbc begins the next transaction right after each commit, which would take the write lock again.
     * {@code BEGIN IMMEDIATE} takes the write lock first: a deferred transaction that read and then wants to write
     * cannot wait for the lock and would fail at once with SQLITE_BUSY.
     */
    private <T> T inWriteTransaction(String operation, Work<T> work) {
        return withHandle(operation, handle -> {
            handle.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(handle);
                handle.execute("COMMIT");
                return result;
            } catch (RuntimeException | Error e) {
                try {
                    handle.execute("ROLLBACK");
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        });
    }

    /**
     * Runs {@code work} on a fresh connection. SQLite waits {@link #BUSY_TIMEOUT} for locks by itself; when it still
     * reports the database busy or locked (e.g. while another process recovers the WAL), the whole work is tried
     * again — it has been rolled back, so that is safe.
     */
    private <T> T withHandle(String operation, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the metadata store " + databaseFile + " is closed");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.withHandle(work::run);
            } catch (JdbiException e) {
                if (isBusy(e) && attempt < BUSY_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                String reason = isBusy(e) ? "the database stayed busy (locked by another connection) after "
                        + attempt + " attempts of " + BUSY_TIMEOUT.toSeconds() + " s" : rootMessage(e);
                throw new MetadataStoreException("metadata store " + databaseFile + ": cannot " + operation + ": "
                        + reason, e);
            }
        }
    }

    private static boolean isBusy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqliteException) {
                int primaryCode = sqliteException.getResultCode().code & 0xff;
                return primaryCode == SQLiteErrorCode.SQLITE_BUSY.code || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** A short, growing, jittered pause, so that retrying processes do not collide again in lockstep. */
    private static void pause(int attempt) {
        long millis = 25L * attempt + ThreadLocalRandom.current().nextLong(25);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataStoreException("interrupted while waiting to retry a metadata store operation", e);
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
