package org.meshwork.store.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.testing.policy.PolicyComplianceStoreContractTest;

/** The compliance store contract on the SQLite database of the metadata store (migration V5). */
class SqlitePolicyComplianceStoreTest extends PolicyComplianceStoreContractTest {
    @TempDir
    Path directory;

    private final List<SqliteMetadataStore> stores = new ArrayList<>();

    @Override
    protected PolicyComplianceStore newComplianceStore() {
        SqliteMetadataStore store = SqliteMetadataStore.open(directory.resolve("meta-" + stores.size() + ".db"));
        stores.add(store);
        return store.policyCompliance();
    }

    @AfterEach
    void close() {
        stores.forEach(SqliteMetadataStore::close);
    }
}
