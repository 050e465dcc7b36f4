package org.meshwork.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.store.GovernanceStores;
import org.meshwork.testing.access.GovernanceStoresContractTest;

/** The access tables and the audit chain in a real SQLite file; tampering is done with plain SQL on the file. */
class SqliteGovernanceStoresIT extends GovernanceStoresContractTest {
    @TempDir
    Path directory;

    private final List<SqliteMetadataStore> others = new ArrayList<>();

    @Override
    protected GovernanceStores newStores() {
        return SqliteMetadataStore.open(directory.resolve("meta.db"));
    }

    @Override
    protected GovernanceStores sameDatabase() {
        SqliteMetadataStore other = SqliteMetadataStore.open(directory.resolve("meta.db"));
        others.add(other);
        return other;
    }

    @Override
    protected boolean tamper(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("meta.db"));
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
        return true;
    }

    @AfterEach
    void closeOthers() {
        others.forEach(SqliteMetadataStore::close);
    }
}
