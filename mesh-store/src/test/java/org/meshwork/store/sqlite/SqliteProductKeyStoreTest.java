package org.meshwork.store.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.crypto.ProductKeyStore;
import org.meshwork.testing.crypto.ProductKeyStoreContractTest;

/** The data key store contract on the SQLite database of the metadata store (migration V6). */
class SqliteProductKeyStoreTest extends ProductKeyStoreContractTest {
    @TempDir
    Path directory;

    private final List<SqliteMetadataStore> stores = new ArrayList<>();

    @Override
    protected ProductKeyStore newKeyStore() {
        SqliteMetadataStore store = SqliteMetadataStore.open(directory.resolve("meta-" + stores.size() + ".db"));
        stores.add(store);
        return store.productKeys();
    }

    @AfterEach
    void close() {
        stores.forEach(SqliteMetadataStore::close);
    }
}
