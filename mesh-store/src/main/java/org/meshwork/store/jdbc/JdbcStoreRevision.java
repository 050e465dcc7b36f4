package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.meshwork.api.store.StoreRevision;
import org.meshwork.store.MetadataStoreException;

/**
 * The {@link StoreRevision} of a {@link JdbcMetadataStore}: the single row of table {@code store_revision}
 * ({@code V7__store_revision.sql}), raised by {@link #raise(Handle)} inside the store's changing transactions.
 *
 * <p>The serving path reads it on every cached read, so it is read on one connection the store holds open, with one
 * statement prepared once: opening a connection and preparing a statement cost far more than the query (on SQLite,
 * {@code sqlite3_open} and {@code sqlite3_prepare} were most of the metadata store's time per request). Each reading is
 * its own autocommit statement, so it sees every transaction committed before it, by any process. A connection that
 * fails (a restarted PostgreSQL) is dropped and opened again once.
 */
final class JdbcStoreRevision implements StoreRevision {
    static final String READ = "SELECT revision FROM store_revision WHERE id = 1";
    private static final String RAISE = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1";

    private final String database;
    private final Jdbi jdbi;
    private Handle handle; // guarded by this
    private PreparedStatement statement; // guarded by this
    private boolean closed; // guarded by this

    JdbcStoreRevision(String database, Jdbi jdbi) {
        this.database = requireNonNull(database, "database is null");
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** Raises the revision; called last in a changing transaction, so that it holds the row's lock only briefly. */
    static void raise(Handle handle) {
        if (handle.createUpdate(RAISE).execute() != 1) {
            throw new MetadataStoreException("the metadata store has no row in table store_revision; it was created"
                    + " by a damaged migration V7: restore the row with INSERT INTO store_revision VALUES (1, 0)");
        }
    }

    @Override
    public synchronized long revision() {
        if (closed) {
            throw new IllegalStateException("the metadata store " + database + " is closed");
        }
        try {
            return read();
        } catch (SQLException | RuntimeException first) {
            discard();
            try {
                return read();
            } catch (SQLException | RuntimeException e) {
                discard();
                if (e instanceof MetadataStoreException storeException) {
                    throw storeException;
                }
                e.addSuppressed(first);
                throw new MetadataStoreException("metadata store " + database + ": cannot read the store revision: "
                        + JdbcMetadataStore.rootMessage(e), e);
            }
        }
    }

    private long read() throws SQLException {
        if (statement == null) {
            handle = jdbi.open();
            statement = handle.getConnection().prepareStatement(READ);
        }
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new MetadataStoreException("metadata store " + database + " has no row in table store_revision;"
                        + " restore it with INSERT INTO store_revision VALUES (1, 0)");
            }
            return row.getLong(1);
        }
    }

    private void discard() {
        try {
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException ignored) {
            // the connection is being dropped anyway
        }
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (RuntimeException ignored) {
            // as above
        }
        statement = null;
        handle = null;
    }

    synchronized void close() {
        closed = true;
        discard();
    }
}
