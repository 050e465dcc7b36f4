package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh search}, {@code lineage}, {@code docs}, {@code domains --graph} and {@code catalog reindex}, in process. */
class CatalogCommandsIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws IOException {
        Path workspace = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), workspace.resolve("mesh.yaml"));
        environment = Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1");
        CliRun apply = mesh("apply", "-f", EXAMPLES.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    private CliRun mesh(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void searchPrintsHitsWithOwnerAndFacetsAndFiltersByDomain() throws Exception {
        CliRun search = mesh("search", "custmer", "--kind", "product");
        assertThat(search.exitCode()).as(search.toString()).isZero();
        assertThat(search.out()).contains("ID", "OWNER", "FRESHNESS", "SLA")
                .contains("dp.customer.360").contains("Customer 360 View").contains("customer-domain-team")
                .contains("never").contains("domain: customer");

        JsonNode json = JSON.readTree(mesh("search", "--domain", "sales", "--json").out());
        assertThat(json.get("hits")).isNotEmpty();
        json.get("hits").forEach(hit -> assertThat(hit.get("domain").asText()).isEqualTo("sales"));
        assertThat(json.get("facets").get("domain").get("sales").asInt()).isEqualTo(json.get("total").asInt());

        CliRun bad = mesh("search", "x", "--kind", "table");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--kind must be one of product, domain, glossary_term");
    }

    @Test
    void lineageInEveryFormatAndImpactAnalysis() throws Exception {
        CliRun text = mesh("lineage", "dp.marketing.campaign-performance", "--upstream", "--depth", "2");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("crm_system [system]  →  dp.customer.360")
                .contains("dp.sales.orders  →  dp.marketing.campaign-performance   (as source 'orders')");

        assertThat(mesh("lineage", "dp.customer.360", "--format", "mermaid", "--downstream").out())
                .startsWith("flowchart LR").contains("-->|\"customers\"|");
        assertThat(mesh("lineage", "dp.customer.360", "--format", "dot").out()).startsWith("digraph lineage");
        JsonNode json = JSON.readTree(mesh("lineage", "dp.customer.360", "--columns", "--format", "json").out());
        assertThat(json.get("column_edges")).isNotEmpty();

        CliRun impact = mesh("lineage", "dp.customer.360", "--column", "segment", "--downstream");
        assertThat(impact.exitCode()).as(impact.toString()).isZero();
        assertThat(impact.out()).contains("what depends on dp.customer.360.segment")
                .contains("dp.marketing.campaign-performance.enterprise_revenue   [aggregation]");

        CliRun badColumn = mesh("lineage", "dp.customer.360", "--column", "nope");
        assertThat(badColumn.exitCode()).isEqualTo(2);
        assertThat(badColumn.err()).contains("--column").contains("no output column 'nope'");
        CliRun badDepth = mesh("lineage", "dp.customer.360", "--depth", "0");
        assertThat(badDepth.exitCode()).isEqualTo(2);
        assertThat(badDepth.err()).contains("--depth must be between 1 and 50");
        assertThat(mesh("lineage", "dp.nope.nothing").exitCode()).isNotZero();
    }

    @Test
    void domainGraphDocsAndReindex() throws Exception {
        CliRun graph = mesh("domains", "--graph", "--format", "mermaid");
        assertThat(graph.exitCode()).as(graph.toString()).isZero();
        assertThat(graph.out()).startsWith("flowchart LR")
                .contains("-->|\"dp.sales.orders → dp.marketing.campaign-performance\"|");
        assertThat(mesh("domains", "--format", "dot").exitCode()).isEqualTo(2);

        CliRun docs = mesh("docs", "dp.sales.orders");
        assertThat(docs.exitCode()).as(docs.toString()).isZero();
        assertThat(docs.out()).startsWith("# Orders (dp.sales.orders)").contains("## How to access");
        Path page = directory.resolve("orders.html");
        CliRun html = mesh("docs", "dp.sales.orders", "--format", "html", "--output", page.toString());
        assertThat(html.exitCode()).as(html.toString()).isZero();
        assertThat(page).content().startsWith("<!DOCTYPE html>").contains("<h1>Orders (dp.sales.orders)</h1>");
        assertThat(mesh("docs", "dp.sales.orders", "--format", "pdf").exitCode()).isEqualTo(2);

        CliRun reindex = mesh("catalog", "reindex");
        assertThat(reindex.exitCode()).as(reindex.toString()).isZero();
        assertThat(reindex.out()).contains("Reindexed 12 entries (domains, products and glossary terms)"); // 4 domains, 6 products, 2 terms
    }
}
