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
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.store.MetadataStoreException;
import org.meshwork.store.jdbc.JdbcMetadataStore;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A {@link MetadataStore} in one SQLite database file, the embedded default. Several processes (the CLI and a server)
 * may open the same file at once: the database runs in WAL mode, so readers never wait for a writer, and every write
 * starts with {@code BEGIN IMMEDIATE}, so writers queue for the write lock (up to {@link #BUSY_TIMEOUT}) instead of
 * failing half-way. A commit checks and moves each resource's current-version pointer inside that one transaction
 * (the SQL is {@link JdbcMetadataStore}'s); as writers never overlap, reads need no row locks.
 *
 * <p>The schema is created and upgraded by Flyway migrations ({@code db/migration}) when the store is opened, under a
 * lock on the file {@code <database file>.migration-lock}. When the schema history already records every migration
 * this build has, with the same checksums, Flyway is not started at all ({@link SchemaVersion}): its classpath scan
 * and validation were most of the CLI's fixed cost.
 * Each operation uses its own connection; the store keeps one more connection open until {@link #close()} so that
 * SQLite keeps the WAL between operations instead of checkpointing and deleting it every time, and one for reading the
 * store revision that validates its read cache ({@link #storeRevision()}).
 *
 * <p>Failures of the database are reported as {@link MetadataStoreException}.
 */
public final class SqliteMetadataStore extends JdbcMetadataStore {
    /** How long a connection waits for a lock held by another connection before SQLite reports it busy. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** How often an operation is tried when SQLite still reports the database busy after {@link #BUSY_TIMEOUT}. */
    public static final int BUSY_ATTEMPTS = 3;
    /** The suffix of the file beside the database that processes lock while they migrate the schema. */
    public static final String MIGRATION_LOCK_SUFFIX = ".migration-lock";
    private static final Object MIGRATION_LOCK = new Object();

    private final Path databaseFile;
    private final Connection walKeeper;

    private SqliteMetadataStore(Path databaseFile, Jdbi jdbi, Connection walKeeper) {
        super(databaseFile.toString(), jdbi, "", "");
        this.databaseFile = databaseFile;
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

    /**
     * The WAL journal mode is a property of the file; setting it again is a no-op that tells the current mode. While
     * another connection switches a new file to WAL or migrates it, SQLite may answer busy at once, without waiting
     * for its busy timeout: then this waits a little and asks again, for up to {@link #BUSY_TIMEOUT}.
     */
    private static void enableWal(Connection connection, Path file) throws SQLException {
        long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = result.next() ? result.getString(1) : "unknown";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new MetadataStoreException("the metadata store " + file + " cannot use WAL journal mode (it is"
                            + " in " + mode + " mode); it must be on a local file system");
                }
                return;
            } catch (SQLiteException e) {
                int primaryCode = e.getResultCode().code & 0xff;
                boolean busy = primaryCode == SQLiteErrorCode.SQLITE_BUSY.code
                        || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code;
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(200, 10L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
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
                .locations(MIGRATIONS_LOCATION)
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

    /**
     * The statements are explicit, not JDBC's {@code setAutoCommit}, because sqlite-jdbc begins the next transaction
     * right after each commit, which would take the write lock again. {@code BEGIN IMMEDIATE} takes the write lock
     * first: a deferred transaction that read and then wants to write cannot wait for the lock and would fail at once
     * with SQLITE_BUSY.
     */
    @Override
    protected <T> T inTransaction(Handle handle, Work<T> work) {
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
    }

    /**
     * SQLite waits {@link #BUSY_TIMEOUT} for locks by itself; when it still reports the database busy or locked
     * (e.g. while another process recovers the WAL), the operation is worth another attempt.
     */
    @Override
    protected Optional<String> transientFailure(JdbiException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqliteException) {
                int primaryCode = sqliteException.getResultCode().code & 0xff;
                boolean busy = primaryCode == SQLiteErrorCode.SQLITE_BUSY.code
                        || primaryCode == SQLiteErrorCode.SQLITE_LOCKED.code;
                return busy
                        ? Optional.of("the database stayed busy (locked by another connection) for "
                                + BUSY_TIMEOUT.toSeconds() + " s each time")
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    protected int attempts() {
        return BUSY_ATTEMPTS;
    }

    @Override
    protected void release() {
        try {
            walKeeper.close();
        } catch (SQLException e) {
            throw new MetadataStoreException("cannot close the metadata store " + databaseFile + ": " + e.getMessage(), e);
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
