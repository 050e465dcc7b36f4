package org.meshwork.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.store.MetadataStoreException;
import org.meshwork.testing.store.MetadataStoreContractTest;

class SqliteMetadataStoreTest extends MetadataStoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected MetadataStore newStore() {
        return SqliteMetadataStore.open(databaseFile());
    }

    private Path databaseFile() {
        return directory.resolve("workspace").resolve("meta.db");
    }

    @Test
    void openCreatesTheDirectoriesAndTheFile() {
        assertThat(databaseFile()).isRegularFile();
    }

    @Test
    void openingADirectoryFailsWithTheReason() throws Exception {
        Path notAFile = Files.createDirectories(directory.resolve("a-directory"));

        assertThatThrownBy(() -> SqliteMetadataStore.open(notAFile))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("cannot open the metadata store " + notAFile)
                .extracting(e -> ((MetadataStoreException) e).errorCode())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void driverErrorsNameTheDatabaseAndTheOperation() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE runs");
        }

        assertThatThrownBy(() -> store.run("run-1"))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(databaseFile().toString())
                .hasMessageContaining("cannot read run run-1")
                .hasMessageContaining("no such table: runs");
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.current(ORDERS_KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
