package org.meshwork.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.meshwork.api.store.GovernanceStores;
import org.meshwork.testing.access.GovernanceStoresContractTest;
import org.meshwork.testing.postgres.TestPostgres;
import org.meshwork.testing.postgres.TestPostgres.TestSchema;

/**
 * The access tables and the audit chain on a real PostgreSQL server, each test in a new schema: concurrent deciders
 * and appenders on separate stores meet at the row locks; tampering is plain SQL on the schema.
 */
class PostgresGovernanceStoresIT extends GovernanceStoresContractTest {
    private static TestPostgres postgres;

    private TestSchema schema;
    private final List<PostgresMetadataStore> opened = new ArrayList<>();

    @BeforeAll
    static void findServer() {
        postgres = TestPostgres.fromEnvironment();
    }

    @Override
    protected GovernanceStores newStores() {
        try {
            schema = postgres.createSchema("governance_it");
        } catch (SQLException e) {
            throw new AssertionError("cannot create a schema on " + postgres.url() + ": " + e.getMessage(), e);
        }
        return open();
    }

    @Override
    protected GovernanceStores sameDatabase() {
        return open();
    }

    private PostgresMetadataStore open() {
        PostgresMetadataStore store = PostgresMetadataStore.open(schema.url(), postgres.user(), postgres.password());
        opened.add(store);
        return store;
    }

    @Override
    protected boolean tamper(String sql) throws Exception {
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
        return true;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        opened.forEach(PostgresMetadataStore::close);
        schema.close();
    }
}
