package org.meshwork.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.testing.store.MetadataStoreContractTest;

class SqliteMetadataStoreTest extends MetadataStoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected MetadataStore newStore() {
        return SqliteMetadataStore.open(directory.resolve("workspace").resolve("meta.db"));
    }
}
