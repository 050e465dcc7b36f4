package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.testing.policy.InMemoryPolicyComplianceStore;
import org.meshwork.testing.store.InMemoryMetadataStore;
import org.meshwork.testing.time.MutableClock;

class RepositoryScheduleSourceTest {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId CATALOG = ProductId.parse("dp.sales.catalog");
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId NOTES = ProductId.parse("dp.sales.notes");

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    private Mesh mesh;
    private RepositoryScheduleSource source;

    @BeforeEach
    void setUp() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  sales-domain-team: {members: [sam]}
                storage_roots: {"s3://": lake/s3}
                """);
        mesh = Mesh.open(Workspace.openOrCreate(home), new InMemoryMetadataStore(), new InMemoryPolicyComplianceStore(), clock);
        source = new RepositoryScheduleSource(mesh.products());
    }

    private Path write(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path product(String name, String sources, String orchestration) throws IOException {
        return write("sales/" + name + ".yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: %s, namespace: sales}
                spec:
                  display_name: %s
                  description: Sales %s
                  owner_team: sales-domain-team
                  version: 1.0.0
                  sources:
                %s
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                %s
                """.formatted(name, name, name, sources, orchestration));
    }

    private Map<ProductId, ScheduledProduct> read() {
        return source.products().stream().collect(Collectors.toMap(ScheduledProduct::id, Function.identity()));
    }

    @Test
    void readsScheduleRetriesBackoffAndUpstreamFromAppliedDescriptors() throws IOException {
        Path domain = write("sales/domain.yaml", """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: sales}
                spec: {description: Sales, owner_team: sales-domain-team}
                """);
        Path catalog = product("catalog", "    - {name: items, type: csv, path: data/items.csv}",
                "  orchestration: {schedule: \"0 5 * * *\", timeout: 15min, retries: 2, retry_backoff: 30s}");
        Path notes = product("notes", "    - {name: notes, type: csv, path: data/notes.csv}", "");
        mesh.apply(List.of(domain, catalog, notes), ADMIN);
        clock.set("2026-11-24T11:00:00Z");
        Path orders = product("orders", String.join("\n",
                        "    - {name: raw, type: csv, path: data/orders.csv}",
                        "    - {name: catalog, type: product, product: dp.sales.catalog}",
                        "    - {name: notes, type: product, product: dp.sales.notes}"),
                "  orchestration: {schedule: \"5 * * * *\", timeout: 20min}");
        mesh.apply(List.of(orders), ADMIN);

        Map<ProductId, ScheduledProduct> products = read();

        assertThat(products).containsOnlyKeys(CATALOG, ORDERS, NOTES);
        assertThat(products.get(CATALOG)).isEqualTo(new ScheduledProduct(CATALOG, Optional.of(CronSchedule.parse("0 5 * * *")),
                2, Duration.ofSeconds(30), Set.of(), Instant.parse("2026-11-24T10:00:00Z")));
        assertThat(products.get(ORDERS)).isEqualTo(new ScheduledProduct(ORDERS, Optional.of(CronSchedule.parse("5 * * * *")),
                ScheduledProduct.RETRIES_DEFAULT, ScheduledProduct.RETRY_BACKOFF_DEFAULT, Set.of(CATALOG, NOTES),
                Instant.parse("2026-11-24T11:00:00Z")));
        assertThat(products.get(NOTES).schedule()).isEmpty();
        assertThat(products.get(NOTES).retries()).isZero();
        assertThat(products.get(NOTES).retryBackoff()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aProductOrchestratedByAirflowIsLeftToItsDag() throws IOException {
        mesh.apply(List.of(product("catalog", "    - {name: items, type: csv, path: data/items.csv}",
                        "  orchestration: {tool: airflow, schedule: \"0 5 * * *\"}"),
                product("notes", "    - {name: notes, type: csv, path: data/notes.csv}",
                        "  orchestration: {tool: meshwork, schedule: \"0 6 * * *\"}")), ADMIN);

        assertThat(read()).containsOnlyKeys(NOTES);
    }

    @Test
    void anInfrastructureDocumentOverridesTheInlineOrchestrationAndMovesActiveSince() throws IOException {
        mesh.apply(List.of(product("catalog", "    - {name: items, type: csv, path: data/items.csv}",
                "  orchestration: {schedule: \"0 5 * * *\", retries: 2}")), ADMIN);
        clock.set("2026-11-24T12:30:00Z");
        Path infrastructure = write("sales/catalog-infra.yaml", """
                apiVersion: platform/v1
                kind: DataProductInfrastructure
                metadata: {name: catalog, namespace: sales}
                spec:
                  orchestration: {schedule: "*/10 * * * *", retries: 4, retry_backoff: 2min}
                """);
        mesh.apply(List.of(infrastructure), ADMIN);

        assertThat(read().get(CATALOG)).isEqualTo(new ScheduledProduct(CATALOG, Optional.of(CronSchedule.parse("*/10 * * * *")),
                4, Duration.ofMinutes(2), Set.of(), Instant.parse("2026-11-24T12:30:00Z")));
    }

    @Test
    void nothingAppliedSchedulesNothing() {
        assertThat(source.products()).isEmpty();
    }
}
