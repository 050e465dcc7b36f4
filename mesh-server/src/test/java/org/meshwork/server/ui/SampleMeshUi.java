package org.meshwork.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.access.Role;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.store.sqlite.SqliteMetadataStore;

/**
 * The sample mesh of examples/ applied by each domain's own team and run for real (SQLite, DuckDB, Delta), served by a
 * Javalin on 127.0.0.1 with only the web UI registered; the services the UI reaches through its interfaces are the
 * test implementations in this package.
 */
final class SampleMeshUi implements AutoCloseable {
    static final Path EXAMPLES = Path.of("../examples");
    static final ProductId CUSTOMER_360 = ProductId.parse("dp.customer.360");
    static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    /** Known only to the marketing team: the UI must answer 404 to everyone else. */
    static final ProductId HIDDEN = ProductId.parse("dp.marketing.marketing-campaign-data");
    static final String ANA = "ana-token";
    static final String CAROL = "carol-token";
    static final String AUDREY = "audrey-token";
    static final String MIKE = "mike-token";

    final Mesh mesh;
    final Javalin app;
    final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    final InMemoryAccessRequests requests;
    final SlaMonitor sla;

    SampleMeshUi(Path directory) throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        Workspace workspace = Workspace.openOrCreate(home);
        mesh = Mesh.open(workspace, SqliteMetadataStore.open(workspace.metadataFile()), Clock.systemUTC());
        mesh.apply(List.of(EXAMPLES.resolve("governance")), UserName.of("olivia"));
        for (String[] domain : List.of(new String[] {"customer", "carol"}, new String[] {"product", "priya"},
                new String[] {"sales", "sam"}, new String[] {"marketing", "maria"})) {
            mesh.apply(List.of(EXAMPLES.resolve(domain[0])), UserName.of(domain[1]));
        }
        // upstream first; customer 360 and orders run twice so that their quality plots have more than one point
        for (String[] run : List.of(new String[] {"dp.customer.360", "carol"}, new String[] {"dp.customer.360", "carol"},
                new String[] {"dp.product.catalog", "priya"}, new String[] {"dp.product.usage-events", "priya"},
                new String[] {"dp.sales.orders", "sam"}, new String[] {"dp.sales.orders", "sam"},
                new String[] {"dp.marketing.campaign-performance", "maria"})) {
            assertThat(mesh.run(ProductId.parse(run[0]), UserName.of(run[1]), RunProgress.NONE).status())
                    .as(run[0]).isEqualTo(RunStatus.SUCCEEDED);
        }
        sla = SlaMonitor.of(mesh);
        requests = new InMemoryAccessRequests(mesh.clock(), audit);
        TestAccessController access = new TestAccessController(mesh.products(), requests, Set.of(HIDDEN));
        requests.controller(access);
        TokenAuthenticator authenticator = new TokenAuthenticator()
                .add(ANA, principal("ana", "analytics-team"))
                .add(CAROL, principal("carol", "customer-domain-team"))
                .add(MIKE, principal("mike", "marketing-domain-team"))
                .add(AUDREY, new Principal(UserName.of("audrey"), PrincipalKind.USER, Set.of(), Set.of(Role.AUDITOR)));
        WebUiServices services = new WebUiServices(authenticator, access, mesh.products(), mesh.store(), sla,
                new PreviewDataService(mesh, access, audit, UserName.of("olivia")),
                new InMemoryCatalogSearch(mesh.products(), mesh.store(), sla, access),
                new DescriptorLineageGraph(mesh.products()), requests, new DescriptorComplianceMatrix(mesh.products(), access), audit);
        WebUi ui = new WebUi(services);
        app = Javalin.create(ui::register).start("127.0.0.1", 0);
    }

    static Principal principal(String name, String team) {
        return new Principal(UserName.of(name), PrincipalKind.USER, Set.of(TeamName.of(team)), Set.of());
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    @Override
    public void close() {
        app.stop();
        sla.close();
        mesh.close();
    }
}
