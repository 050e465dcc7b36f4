package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mesh} command end to end, in process, against a real workspace (SQLite, files). */
class MeshCliIT {
    private static final Path GUIDE = Path.of("../examples/marketing/marketing-campaign-data.yaml");
    private static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Path workspace;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() {
        workspace = directory.resolve("ws");
        environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
    }

    private CliRun mesh(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void theGuidesInfrastructureValidatesAndApplies() throws Exception {
        CliRun validate = mesh("validate", GUIDE.toString());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("valid").contains("DataProductInfrastructure");

        CliRun apply = mesh("apply", "-f", GUIDE.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out())
                .contains("create    product dp.marketing.marketing-campaign-data (revision 1)")
                .contains("s3://company-datalake/marketing/ → " + workspace.resolve("lake/s3/company-datalake/marketing/marketing-campaign-data"));

        CliRun list = mesh("list", "--json");
        JsonNode products = JSON.readTree(list.out());
        assertThat(products).hasSize(1);
        assertThat(products.get(0).get("id").asText()).isEqualTo("dp.marketing.marketing-campaign-data");

        CliRun show = mesh("show", "dp.marketing.marketing-campaign-data");
        assertThat(show.out()).contains("spark").contains("0 */6 * * *").contains("null_percentage on customer_id < 1%");
    }

    @Test
    void applyIsIdempotentAndKeepsHistory() throws Exception {
        assertThat(mesh("apply", "-f", GUIDE.toString()).exitCode()).isZero();
        CliRun again = mesh("apply", "-f", GUIDE.toString());
        assertThat(again.out()).contains("unchanged product dp.marketing.marketing-campaign-data (revision 1)")
                .contains("0 created, 0 updated, 1 unchanged");

        Path changed = directory.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(GUIDE).replace("\"4 hours\"", "\"2 hours\""));
        assertThat(mesh("apply", "-f", changed.toString()).out()).contains("update    product");

        JsonNode history = JSON.readTree(mesh("show", "dp.marketing.marketing-campaign-data", "--history", "--json").out());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("revision").asInt()).isEqualTo(1);
        assertThat(history.get(1).get("content_hash").asText()).hasSize(64).isNotEqualTo(history.get(0).get("content_hash").asText());
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        CliRun dryRun = mesh("apply", "-f", GUIDE.toString(), "--dry-run");
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).contains("create").contains("Nothing was written");
        assertThat(JSON.readTree(mesh("list", "--json").out())).isEmpty();
    }

    @Test
    void theSampleMeshAppliesDomainByDomainAsEachTeam() throws Exception {
        Files.createDirectories(workspace);
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), workspace.resolve("mesh.yaml"));

        assertThat(mesh("validate", EXAMPLES.toString()).exitCode()).isZero();
        assertThat(mesh("apply", "-f", EXAMPLES.resolve("governance").toString(), "--as", "olivia").exitCode()).isZero();
        for (String[] team : new String[][] {{"customer", "carol"}, {"product", "priya"}, {"sales", "sam"}, {"marketing", "maria"}}) {
            CliRun apply = mesh("apply", "-f", EXAMPLES.resolve(team[0]).toString(), "--as", team[1]);
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
        }
        JsonNode domains = JSON.readTree(mesh("domains", "--json").out());
        assertThat(domains).extracting(d -> d.get("name").asText()).containsExactly("customer", "marketing", "product", "sales");
        assertThat(JSON.readTree(mesh("list", "--json").out())).extracting(p -> p.get("id").asText()).containsExactly(
                "dp.customer.360", "dp.marketing.campaign-performance", "dp.marketing.marketing-campaign-data",
                "dp.product.catalog", "dp.product.usage-events", "dp.sales.orders");

        CliRun refused = mesh("apply", "-f", EXAMPLES.resolve("sales/orders.yaml").toString(), "--as", "maria");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("user 'maria' may not change product 'dp.sales.orders'");
    }

    @Test
    void aScaffoldedProductValidatesAndApplies() {
        Path target = directory.resolve("scaffold");
        CliRun created = mesh("new", "product", "sales/returns", "--dir", target.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(target.resolve("product.yaml")).exists();
        assertThat(target.resolve("transform.sql")).exists();
        assertThat(target.resolve("data/sample.csv")).exists();

        CliRun validate = mesh("validate", target.toString());
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("0 errors");
        CliRun apply = mesh("apply", "-f", target.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("create    product dp.sales.returns");

        CliRun again = mesh("new", "product", "sales/returns", "--dir", target.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void theDemoRunsOnItsOwn() {
        CliRun demo = mesh("demo", "--no-serve", "--dir", directory.resolve("demo").toString());
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out())
                .contains("1. The platform team publishes the global policies")
                .contains("create    product dp.customer.360")
                .contains("unchanged product dp.customer.360")
                .contains("user 'maria' may not change product 'dp.sales.orders'")
                .contains("Customer 360 View")
                .contains("dp.sales.orders run")
                .contains("quarantined 2, wrote 120 rows")
                .contains("engine 'spark' is not available in this installation")
                .contains("column quantity: 'two' is not a valid INTEGER")
                .contains("last_touch_30d")
                .contains("dp.sales.orders quality")
                .contains("known_product")
                .contains("11. Governance as code")
                .contains("sales/sales-quota-alignment")
                .containsPattern("dp\\.sales\\.orders +quarantine-budget +run +recommended +pass");
    }

    @Test
    void exitCodesFollowTheKindOfError() {
        assertThat(mesh("show", "dp.nowhere.nothing").exitCode()).isEqualTo(1);
        assertThat(mesh("show", "not-an-id").exitCode()).isEqualTo(2);
        assertThat(mesh("no-such-command").exitCode()).isEqualTo(2);
        assertThat(mesh("apply").exitCode()).isEqualTo(2);
        assertThat(mesh("validate", directory.resolve("missing.yaml").toString()).exitCode()).isEqualTo(2);
        CliRun help = mesh("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("validate").contains("apply").contains("Exit codes");
    }
}
