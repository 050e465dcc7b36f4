package org.meshwork.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.store.MetadataStoreException;

class SchemaVersionTest {
    @TempDir
    Path directory;

    @Test
    void listsEveryMigrationScriptInVersionOrder() throws Exception {
        Path location = Path.of(SchemaVersion.class.getClassLoader().getResource("db/migration").toURI());
        try (Stream<Path> files = Files.list(location)) {
            List<String> scripts = files.map(f -> f.getFileName().toString())
                    .sorted(Comparator.comparingInt(s -> Integer.parseInt(s.substring(1, s.indexOf("__"))))).toList();
            assertThat(SchemaVersion.MIGRATIONS).isEqualTo(scripts);
        }
    }

    @Test
    void aNewDatabaseIsNotCurrentAndAMigratedOneIs() throws Exception {
        Path file = directory.resolve("meta.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(SchemaVersion.isCurrent(connection)).isFalse();
        }
        SqliteMetadataStore.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            // the checksum computed here is the one Flyway recorded
            assertThat(SchemaVersion.isCurrent(connection)).isTrue();
        }
        SqliteMetadataStore.open(file).close();
    }

    @Test
    void anEditedMigrationIsLeftToFlywaysValidation() throws Exception {
        Path file = directory.resolve("meta.db");
        SqliteMetadataStore.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1");
            assertThat(SchemaVersion.isCurrent(connection)).isFalse();
        }
        assertThatThrownBy(() -> SqliteMetadataStore.open(file)).isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("migrate");
    }
}
