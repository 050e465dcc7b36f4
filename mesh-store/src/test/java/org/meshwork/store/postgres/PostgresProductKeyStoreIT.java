package org.meshwork.store.postgres;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.meshwork.api.crypto.ProductKeyStore;
import org.meshwork.testing.crypto.ProductKeyStoreContractTest;
import org.meshwork.testing.postgres.TestPostgres;
import org.meshwork.testing.postgres.TestPostgres.TestSchema;

/** The data key store contract on a real PostgreSQL server (migration V6), each test in a new schema. */
class PostgresProductKeyStoreIT extends ProductKeyStoreContractTest {
    private static TestPostgres postgres;
    private final List<PostgresMetadataStore> stores = new ArrayList<>();
    private final List<TestSchema> schemas = new ArrayList<>();

    @BeforeAll
    static void findServer() {
        postgres = TestPostgres.fromEnvironment();
    }

    @Override
    protected ProductKeyStore newKeyStore() {
        try {
            TestSchema schema = postgres.createSchema("product_keys_it");
            schemas.add(schema);
            PostgresMetadataStore store = PostgresMetadataStore.open(schema.url(), postgres.user(), postgres.password());
            stores.add(store);
            return store.productKeys();
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
