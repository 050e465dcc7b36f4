package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh policy report|simulate} and the apply gate's output, end to end on the sample mesh. */
class PolicyCliIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws Exception {
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
    void theReportListsEveryProductAgainstEveryApplicablePolicy() throws Exception {
        CliRun report = mesh("policy", "report", "--domain", "sales", "--json");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        JsonNode results = JSON.readTree(report.out()).get("results");
        List<String> pairs = new ArrayList<>();
        results.forEach(r -> pairs.add(r.get("product").asText() + " " + r.get("policy").asText() + " "
                + r.get("verdict").asText()));
        assertThat(pairs).contains("dp.sales.orders data-lineage pass", "dp.sales.orders sales/sales-quota-alignment pass",
                "dp.sales.orders encryption-at-rest pass").noneMatch(p -> p.contains("marketing/"))
                .noneMatch(p -> p.contains("data-localisation"));

        CliRun text = mesh("policy", "report");
        assertThat(text.out()).contains("PRODUCT").contains("dp.customer.360").contains("data-localisation")
                .contains(" fail, ");
    }

    @Test
    void simulationNamesTheProductsANewPolicyWouldFailAndEnforcesNothing() throws Exception {
        Path stricter = directory.resolve("stricter.yaml");
        Files.writeString(stricter, """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: long-retention}
                spec:
                  description: Keep data at least three years
                  enforcement: required
                  rule: has(product.spec.retention_period_days) && product.spec.retention_period_days >= 1095
                  message: keep data at least 1095 days
                """);

        CliRun simulate = mesh("policy", "simulate", stricter.toString(), "--json");
        assertThat(simulate.exitCode()).as(simulate.toString()).isZero();
        JsonNode json = JSON.readTree(simulate.out());
        List<String> failing = new ArrayList<>();
        json.get("results").forEach(r -> failing.add(r.get("product").asText()));
        assertThat(failing).contains("dp.customer.360", "dp.product.usage-events")
                .doesNotContain("dp.sales.orders", "dp.product.catalog", "dp.marketing.campaign-performance");

        JsonNode report = JSON.readTree(mesh("policy", "report", "--json").out());
        assertThat(report.toString()).doesNotContain("long-retention");
    }

    @Test
    void aRequiredPolicyRefusesAnApplyWithExitCode1AndRecommendedOnesArePrinted() throws Exception {
        Path product = directory.resolve("bare.yaml");
        Files.writeString(product, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: bare, namespace: sales}
                spec:
                  description: No sources, no SLA
                  owner_team: sales-domain-team
                  version: 1.0.0
                """);
        CliRun refused = mesh("apply", "-f", product.toString(), "--as", "sam");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("apply refused by").contains("data-lineage").contains("quality-slo")
                .contains("retention-policy").contains("dp.sales.bare");
        assertThat(mesh("show", "dp.sales.bare").exitCode()).isNotZero();
    }

    @Test
    void simulateRejectsFilesWithoutPolicies() {
        CliRun simulate = mesh("policy", "simulate", EXAMPLES.resolve("sales/domain.yaml").toString());
        assertThat(simulate.exitCode()).isEqualTo(2);
        assertThat(simulate.err()).contains("is not a policy");
    }

    @Test
    void retentionRunsForOneProductOrForAllAsAdmin() throws Exception {
        CliRun one = mesh("retention", "run", "dp.sales.orders", "--json");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        JsonNode result = JSON.readTree(one.out()).get(0);
        assertThat(result.get("product").asText()).isEqualTo("dp.sales.orders");
        assertThat(result.get("retention_seconds").asLong()).isEqualTo(2555L * 86400);

        CliRun all = mesh("retention", "run");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("dp.customer.360").contains("dp.marketing.marketing-campaign-data");

        CliRun refused = mesh("retention", "run", "--as", "sam");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("only platform admins");
    }
}
