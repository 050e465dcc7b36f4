package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.server.FakeAccess;
import org.meshwork.server.InMemoryDataService;
import org.meshwork.server.MinimalRequestParser;
import org.meshwork.server.ServerServices;

/**
 * The read commands ({@code list}, {@code show}, {@code runs}, {@code quality}, {@code get}, {@code query}) give the
 * same output and exit codes in embedded mode and in remote mode: one set of scenarios, run by
 * {@link EmbeddedModeContractIT} on the workspace and by {@link RemoteModeContractIT} against {@code mesh serve} over
 * HTTP. The sample customer domain is applied and run for real; the governed read path is the server's in-memory fake
 * (the real one is wired at merge).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReadCommandsContract {
    static final ProductId CUSTOMER = ProductId.parse("dp.customer.360");
    static final Path EXAMPLES = Path.of("../examples");
    static final ObjectMapper JSON = new ObjectMapper();

    Path directory;

    Path home;
    InMemoryDataService data;

    /** Prepares the mode (e.g. starts a server); the workspace at {@link #home} is applied and run. */
    abstract void startMode() throws Exception;

    abstract void stopMode();

    /** Runs one command line in this mode. */
    abstract CliRun mesh(String... args);

    ServerServices services(Mesh mesh) {
        return new ServerServices(mesh, data,
                FakeAccess.tokens(Map.of("t-carol", carol())), FakeAccess.hiding(Set.of(), Set.of()),
                new MinimalRequestParser());
    }

    static Principal carol() {
        return new Principal(UserName.of("carol"), PrincipalKind.USER, Set.of(TeamName.of("customer-domain-team")), Set.of());
    }

    static CliRun run(MeshCommand root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(root, args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    @BeforeAll
    void setUp(@TempDir Path temporary) throws Exception {
        directory = temporary;
        home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        try (Mesh mesh = Mesh.open(home, Map.of())) {
            mesh.apply(List.of(EXAMPLES.resolve("customer")), UserName.of("carol"));
            assertThat(mesh.run(CUSTOMER, UserName.of("carol"), RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        data = new InMemoryDataService().table(CUSTOMER, List.of("customer_id", "country"),
                List.of(List.of(1, "DE"), List.of(2, "FR"), List.of(3, "DE"), List.of(4, "US"), List.of(5, "DE")));
        startMode();
    }

    @AfterAll
    void tearDown() {
        stopMode();
    }

    CliRun ok(String... args) {
        CliRun run = mesh(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void listShowsTheProducts() throws IOException {
        assertThat(ok("list").out()).startsWith("ID").contains("dp.customer.360  Customer 360 View  customer-domain-team  2.1.0");
        JsonNode json = JSON.readTree(ok("list", "--json").out());
        assertThat(json).singleElement().satisfies(p -> {
            assertThat(p.get("id").asText()).isEqualTo("dp.customer.360");
            assertThat(p.get("revision").asInt()).isEqualTo(1);
        });
        assertThat(ok("list", "--domain", "sales").out()).isEqualTo("No data products in domain 'sales'.\n");
    }

    @Test
    void showGivesTheProductItsSnapshotAndHistory() throws IOException {
        String text = ok("show", "dp.customer.360").out();
        assertThat(text).startsWith("dp.customer.360  Customer 360 View")
                .contains("owner team      customer-domain-team")
                .contains("snapshot        version 0, ")
                .contains("null_percentage on customer_id < 1%")
                .contains("email");
        JsonNode json = JSON.readTree(ok("show", "dp.customer.360", "--json").out());
        assertThat(json.get("owner_team").asText()).isEqualTo("customer-domain-team");
        assertThat(json.get("snapshot").get("version").asInt()).isZero();
        assertThat(json.get("sla_status").get("status").asText()).isNotBlank();
        JsonNode history = JSON.readTree(ok("show", "dp.customer.360", "--history", "--json").out());
        assertThat(history).singleElement().satisfies(v -> assertThat(v.get("applied_by").asText()).isEqualTo("carol"));
    }

    @Test
    void runsAndQuality() throws IOException {
        JsonNode runs = JSON.readTree(ok("runs", "dp.customer.360", "--json").out());
        assertThat(runs).singleElement().satisfies(r -> assertThat(r.get("status").asText()).isEqualTo("succeeded"));
        assertThat(ok("runs", "dp.customer.360").out()).startsWith("RUN").contains("manual").contains("succeeded");
        JsonNode quality = JSON.readTree(ok("quality", "dp.customer.360", "--json").out());
        assertThat(quality).isNotEmpty();
        assertThat(ok("quality", "dp.customer.360").out()).startsWith("dp.customer.360 quality — run ")
                .contains("checks passed").contains("Trend over the last 1 runs");
    }

    @Test
    void getReadsThroughTheGovernedPathInEveryFormat() throws IOException {
        assertThat(ok("get", "dp.customer.360", "--filter", "country=eq.DE", "--select", "customer_id", "--format", "csv").out())
                .isEqualTo("customer_id\n1\n3\n5\n");
        assertThat(ok("get", "dp.customer.360", "--limit", "2", "--format", "ndjson").out())
                .isEqualTo("{\"customer_id\":1,\"country\":\"DE\"}\n{\"customer_id\":2,\"country\":\"FR\"}\n");
        assertThat(JSON.readTree(ok("get", "dp.customer.360", "--filter", "customer_id=gt.3", "--format", "json").out()))
                .hasSize(2);
        assertThat(ok("get", "dp.customer.360", "--filter", "country=in.(FR,US)").out())
                .isEqualTo("CUSTOMER_ID  COUNTRY\n2            FR\n4            US\n(2 rows)\n");
        assertThat(ok("get", "dp.customer.360", "--purpose", "contract test", "--limit", "1", "--format", "csv").out())
                .isEqualTo("customer_id,country\n1,DE\n");
        assertThat(data.reads).contains("carol dp.customer.360 purpose=contract test");
    }

    @Test
    void queryRunsSql() throws IOException {
        assertThat(ok("query", "SELECT * FROM \"dp.customer.360\"", "--format", "csv").out())
                .startsWith("customer_id,country\n1,DE\n").hasLineCount(6);
    }

    @Test
    void errorsHaveTheSameExitCodesAndMessages() {
        CliRun unknown = mesh("show", "dp.customer.nope");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.err()).contains("error: no data product 'dp.customer.nope'");
        CliRun runs = mesh("runs", "dp.customer.nope");
        assertThat(runs.exitCode()).isEqualTo(1);
        assertThat(runs.err()).contains("no data product 'dp.customer.nope'");
        CliRun column = mesh("get", "dp.customer.360", "--select", "salary");
        assertThat(column.exitCode()).as(column.toString()).isEqualTo(2);
        assertThat(column.err()).contains("no column 'salary'");
        CliRun filter = mesh("get", "dp.customer.360", "--filter", "country");
        assertThat(filter.exitCode()).isEqualTo(2);
        assertThat(filter.err()).contains("--filter 'country' is not COLUMN=OP.VALUE");
        CliRun sql = mesh("query", "DROP TABLE x");
        assertThat(sql.exitCode()).isEqualTo(2);
        assertThat(sql.err()).contains("sql:");
        assertThat(mesh("show", "not-an-id").exitCode()).isEqualTo(2);
    }

    static List<String> with(List<String> prefix, String... args) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(args));
        return all;
    }
}
