package org.meshwork.store.postgres;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.store.MetadataStoreException;
import org.meshwork.store.jdbc.JdbcMetadataStore;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A {@link MetadataStore} in a PostgreSQL database, for deployments that several servers and users share. The tables
 * live in the connection's current schema (the URL's {@code currentSchema}, else the role's {@code search_path}),
 * created and upgraded by the same Flyway migrations as the SQLite store when the store is opened; Flyway serialises
 * concurrent migrations with an advisory lock.
 *
 * <p>Write transactions run at {@code READ COMMITTED}. A commit locks each existing current-version pointer with
 * {@code SELECT ... FOR UPDATE}, so a second writer of the same resource waits for the first and then sees its
 * version; two writers creating the same resource meet at the primary key, where the second one's insert changes
 * nothing once the first has committed. Either way the loser fails with
 * {@link org.meshwork.api.CommitConflictException} and stores nothing. A deadlock or serialization failure (SQLState
 * {@code 40P01}, {@code 40001}) or a key violation of a concurrent insert ({@code 23505}) rolls the operation back and
 * tries it again, up to {@link #ATTEMPTS} times; the new attempt sees the other writer's commit and reports the
 * conflict.
 *
 * <p>Each operation opens its own connection; between operations the store holds only the one it reads the store
 * revision on ({@link #storeRevision()}: current versions, lists, grants and tokens are cached against it, so a served
 * read opens no connection while nothing changed). Failures of the database are
 * reported as {@link MetadataStoreException} naming the URL without its query string.
 */
public final class PostgresMetadataStore extends JdbcMetadataStore {
    /** How often an operation is tried when it fails for a transient reason (see the class description). */
    public static final int ATTEMPTS = 5;
    /** How long opening a connection may take before the driver gives up. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final Set<String> TRANSIENT_STATES = Set.of(UNIQUE_VIOLATION, SERIALIZATION_FAILURE, DEADLOCK_DETECTED);

    private PostgresMetadataStore(String database, Jdbi jdbi) {
        super(database, jdbi, " COLLATE \"C\"", " FOR UPDATE");
    }

    /**
     * Opens the store in the database that {@code jdbcUrl} names ({@code jdbc:postgresql://host:port/database}, with
     * any of the driver's URL parameters, e.g. {@code ?currentSchema=meshwork}), and brings the schema up to date.
     * The current schema must exist.
     *
     * @throws InvalidArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL
     * @throws MetadataStoreException when the database cannot be reached, logged into or migrated
     */
    public static PostgresMetadataStore open(String jdbcUrl, String user, String password) {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        String database = redact(jdbcUrl);
        InvalidArgumentException.check(jdbcUrl.startsWith("jdbc:postgresql:"),
                "a PostgreSQL metadata store needs a URL jdbc:postgresql://host:port/database, not %s", database);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("the metadata store URL " + database + " is not valid: " + e.getMessage());
        }
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS_LOCATION)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new MetadataStoreException("cannot open the metadata store " + database + ": "
                    + rootMessage(e), e);
        }
        return new PostgresMetadataStore(database, Jdbi.create(dataSource));
    }

    @Override
    protected <T> T inTransaction(Handle handle, Work<T> work) {
        return handle.inTransaction(TransactionIsolationLevel.READ_COMMITTED, work::run);
    }

    @Override
    protected Optional<String> transientFailure(JdbiException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sqlException && sqlException.getSQLState() != null) {
                String state = sqlException.getSQLState();
                return TRANSIENT_STATES.contains(state)
                        ? Optional.of("concurrent writers kept colliding (SQLState " + state + "): " + sqlException.getMessage())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    protected int attempts() {
        return ATTEMPTS;
    }

    /** The URL without a query string, which may hold a password. */
    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
