package org.meshwork.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.platform.workspace.InvalidConfigurationException;
import org.meshwork.testing.postgres.TestPostgres;
import org.meshwork.testing.postgres.TestPostgres.TestSchema;

/** A workspace whose mesh.yaml names a PostgreSQL metadata store keeps its metadata there, not in meta.db. */
class PostgresWorkspaceIT {
    private static TestPostgres postgres;

    @TempDir
    Path home;

    @BeforeAll
    static void findServer() {
        postgres = TestPostgres.fromEnvironment();
    }

    @Test
    void appliedProductsLandInThePostgresqlDatabaseNamedByMeshYaml() throws Exception {
        try (TestSchema schema = postgres.createSchema("workspace")) {
            writeConfig(schema.url(), "MESH_TEST_DB");
            Path descriptor = home.resolve("product.yaml");
            Files.writeString(descriptor, """
                    apiVersion: platform/v1
                    kind: DataProduct
                    metadata: {name: orders, namespace: sales}
                    spec:
                      description: Orders
                      owner_team: platform-team
                      version: 1.0.0
                    """);
            Map<String, String> environment = Map.of("MESH_TEST_DB", postgres.user() + ":" + postgres.password());

            try (Mesh mesh = Mesh.open(home, environment)) {
                mesh.apply(List.of(descriptor), UserName.of("olivia"));
            }
            try (Mesh reopened = Mesh.open(home, environment)) {
                assertThat(reopened.products().get(ProductId.parse("dp.sales.orders")).version()).isEqualTo(1);
            }

            assertThat(home.resolve("meta.db")).doesNotExist();
            try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT name FROM resources")) {
                List<String> names = new java.util.ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                assertThat(names).containsExactly("dp.sales.orders");
            }
        }
    }

    @Test
    void missingCredentialsAreAConfigurationErrorNamingTheVariable() throws Exception {
        writeConfig("jdbc:postgresql://127.0.0.1:1/none", "MESH_UNSET_DB");

        assertThatThrownBy(() -> Mesh.open(home, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("MESH_UNSET_DB")
                .hasMessageContaining("user:password");
    }

    private void writeConfig(String url, String variable) throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  platform-team: {members: [olivia]}
                metadata_store:
                  type: postgresql
                  url: "%s"
                  credentials_env: %s
                """.formatted(url, variable));
    }
}
