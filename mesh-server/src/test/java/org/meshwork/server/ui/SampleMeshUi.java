package org.meshwork.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.workspace.ServerSettings;
import org.meshwork.server.GovernedServices;
import org.meshwork.server.MeshServer;

/**
 * The sample mesh of examples/ applied by each domain's own team and run for real (SQLite, DuckDB, Delta), served by
 * the real {@link MeshServer} on 127.0.0.1 — the web UI over the real catalog, access workflow, audit chain, policy
 * report and governed read path. Tokens are real ones from {@code mesh.access().createToken}; {@code audrey} is an
 * auditor in this workspace's mesh.yaml, and {@link #HIDDEN} is a product with {@code discoverable: false} that only
 * the marketing team (and admins, auditors) may discover.
 */
final class SampleMeshUi implements AutoCloseable {
    static final Path EXAMPLES = Path.of("../examples");
    static final ProductId CUSTOMER_360 = ProductId.parse("dp.customer.360");
    static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    /** Known only to the marketing team: the UI must answer 404 to everyone else. */
    static final ProductId HIDDEN = ProductId.parse("dp.marketing.audience-segments");

    final Mesh mesh;
    final MeshServer server;
    /** ana: analytics-team, a consumer. */
    final String ana;
    /** carol: customer-domain-team, owner of dp.customer.360. */
    final String carol;
    /** audrey: auditor. */
    final String audrey;
    /** mike: marketing-domain-team, owner of the hidden product. */
    final String mike;

    SampleMeshUi(Path directory) throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), Files.readString(EXAMPLES.resolve(".meshwork/mesh.yaml"))
                + "auditors: [audrey]\n");
        mesh = Mesh.open(home, Map.of());
        mesh.apply(List.of(EXAMPLES.resolve("governance")), UserName.of("olivia"));
        for (String[] domain : List.of(new String[] {"customer", "carol"}, new String[] {"product", "priya"},
                new String[] {"sales", "sam"}, new String[] {"marketing", "maria"})) {
            mesh.apply(List.of(EXAMPLES.resolve(domain[0])), UserName.of(domain[1]));
        }
        mesh.apply(List.of(hiddenProduct(Files.createDirectories(directory.resolve("hidden")))), UserName.of("maria"));
        // upstream first; customer 360 and orders run twice so that their quality plots have more than one point
        for (String[] run : List.of(new String[] {"dp.customer.360", "carol"}, new String[] {"dp.customer.360", "carol"},
                new String[] {"dp.product.catalog", "priya"}, new String[] {"dp.product.usage-events", "priya"},
                new String[] {"dp.sales.orders", "sam"}, new String[] {"dp.sales.orders", "sam"},
                new String[] {"dp.marketing.campaign-performance", "maria"})) {
            assertThat(mesh.run(ProductId.parse(run[0]), UserName.of(run[1]), RunProgress.NONE).status())
                    .as(run[0]).isEqualTo(RunStatus.SUCCEEDED);
        }
        ana = token("ana");
        carol = token("carol");
        audrey = token("audrey");
        mike = token("mike");
        server = new MeshServer(GovernedServices.of(mesh), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(10), 1))
                .start();
    }

    private String token(String user) {
        return mesh.access().createToken(mesh.principal(UserName.of("olivia")), UserName.of(user), Optional.empty(),
                Optional.of("web UI test")).text();
    }

    /** A confidential product of the marketing domain that is not in the catalog for anyone outside the domain. */
    private static Path hiddenProduct(Path directory) throws IOException {
        Files.copy(EXAMPLES.resolve("marketing/data/campaigns.csv"), directory.resolve("campaigns.csv"));
        return Files.writeString(directory.resolve("audience-segments.yaml"), """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: audience-segments, namespace: marketing}
                spec:
                  description: Audience segments for campaign targeting (marketing only)
                  owner_team: marketing-domain-team
                  version: 1.0.0
                  sensitivity_level: confidential
                  retention_period_days: 365
                  sla: {freshness: 1 day}
                  sources:
                    - {name: campaigns, type: csv, path: campaigns.csv, options: {header: true}, columns: {campaign_id: VARCHAR NOT NULL, channel: VARCHAR}}
                  transform: {sql: "SELECT campaign_id, channel FROM campaigns"}
                  schema:
                    columns:
                      - {name: campaign_id, type: VARCHAR, nullable: false}
                      - {name: channel, type: VARCHAR}
                  quality:
                    checks:
                      - {name: row_count, threshold: "> 0"}
                  discovery: {discoverable: false}
                  security: {encryption_at_rest: true, audit_logging: true}
                """);
    }

    Principal principal(String user) {
        return mesh.principal(UserName.of(user));
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        server.stop();
        mesh.close();
    }
}
