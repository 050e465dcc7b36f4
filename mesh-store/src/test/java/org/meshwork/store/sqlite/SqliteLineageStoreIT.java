package org.meshwork.store.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.lineage.LineageStore;
import org.meshwork.testing.lineage.LineageStoreContractTest;

/** The lineage store contract on a real SQLite file (migration V4). */
class SqliteLineageStoreIT extends LineageStoreContractTest {
    @TempDir
    Path directory;
    private final List<SqliteMetadataStore> stores = new ArrayList<>();

    @Override
    protected LineageStore newStore() {
        SqliteMetadataStore store = SqliteMetadataStore.open(directory.resolve("meta-" + stores.size() + ".db"));
        stores.add(store);
        return store.lineageStore();
    }

    @AfterEach
    void close() {
        stores.forEach(SqliteMetadataStore::close);
    }
}
