package org.meshwork.platform.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.platform.Mesh;

/** The repository binds each stored version once, and a new version at once. */
class ProductRepositoryIT {
    private static final ProductId ITEMS = ProductId.parse("dp.lab.items");

    @TempDir
    Path directory;

    private static String descriptor(String description) {
        return """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: items, namespace: lab}
                spec:
                  description: %s
                  owner_team: lab-team
                  version: 1.0.0
                  sources:
                    - {name: items, type: csv, path: items.csv, options: {header: true}, columns: {id: BIGINT}}
                  schema:
                    columns:
                      - {name: id, type: BIGINT}
                """.formatted(description);
    }

    @Test
    void aStoredVersionIsBoundOnceAndANewVersionIsSeenAtOnce() throws Exception {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [olivia]}
                """);
        Path file = directory.resolve("items.yaml");
        Files.writeString(directory.resolve("items.csv"), "id\n1\n");
        Files.writeString(file, descriptor("First words"));
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            mesh.apply(List.of(file), UserName.of("olivia"));
            ProductRepository repository = mesh.products();
            ProductRepository.VersionedProduct first = repository.get(ITEMS);
            assertThat(repository.get(ITEMS)).isSameAs(first);
            assertThat(first.definition().product().orElseThrow().description()).isEqualTo("First words");

            Files.writeString(file, descriptor("Second words"));
            mesh.apply(List.of(file), UserName.of("olivia"));
            ProductRepository.VersionedProduct second = repository.get(ITEMS);
            assertThat(second.version()).isGreaterThan(first.version());
            assertThat(second.definition().product().orElseThrow().description()).isEqualTo("Second words");
            assertThat(repository.get(ITEMS)).isSameAs(second);
        }
    }
}
