package org.meshwork.store.postgres;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.meshwork.api.lineage.LineageStore;
import org.meshwork.testing.lineage.LineageStoreContractTest;
import org.meshwork.testing.postgres.TestPostgres;
import org.meshwork.testing.postgres.TestPostgres.TestSchema;

/** The lineage store contract on a real PostgreSQL server (migration V4), each test in a new schema. */
class PostgresLineageStoreIT extends LineageStoreContractTest {
    private static TestPostgres postgres;
    private final List<PostgresMetadataStore> stores = new ArrayList<>();
    private final List<TestSchema> schemas = new ArrayList<>();

    @BeforeAll
    static void findServer() {
        postgres = TestPostgres.fromEnvironment();
    }

    @Override
    protected LineageStore newStore() {
        try {
            TestSchema schema = postgres.createSchema("lineage_it");
            schemas.add(schema);
            PostgresMetadataStore store = PostgresMetadataStore.open(schema.url(), postgres.user(), postgres.password());
            stores.add(store);
            return store.lineageStore();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws Exception {
        stores.forEach(PostgresMetadataStore::close);
        for (TestSchema schema : schemas) {
            schema.close();
        }
    }
}
