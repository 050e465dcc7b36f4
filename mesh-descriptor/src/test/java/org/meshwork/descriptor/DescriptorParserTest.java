package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.Classification;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.InfrastructureSpec;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.descriptor.Threshold;
import org.meshwork.api.descriptor.WriteMode;

class DescriptorParserTest {
    private final DescriptorParser parser = new DescriptorParser();

    static Path resource(String name) {
        try {
            return Path.of(DescriptorParserTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void guideFileValidatesWithWarningsOnly() {
        ParsedDescriptors parsed = parser.parse(List.of(resource("valid/guide-infrastructure.yaml")));

        assertThat(parsed.errors()).isEmpty();
        // every guide field Meshwork answers differently says so, at the field
        assertThat(parsed.warnings()).extracting(Problem::path).containsExactly("spec.orchestration.tool",
                "spec.quality.framework", "spec.quality.checks[1].column", "spec.discovery.catalog");
        assertThat(parsed.warnings()).filteredOn(warning -> warning.path().equals("spec.quality.checks[1].column"))
                .singleElement().satisfies(warning -> {
                    assertThat(warning.position().line()).isEqualTo(35);
                    assertThat(warning.message()).contains("customer_id", "no output schema");
                });
        assertThat(parsed.warnings().get(0).message())
                .contains("mesh export airflow dp.marketing.marketing-campaign-data", "0 */6 * * *");
        assertThat(parsed.warnings().get(1).message()).contains("runs this product's checks itself", "great-expectations");
        assertThat(parsed.warnings().get(3).message()).contains("its own catalog", "amundsen");
        assertThat(parsed.descriptors()).singleElement().isInstanceOf(InfrastructureDescriptor.class);
    }

    @Test
    void guideInfrastructureBindsAllValues() {
        InfrastructureDescriptor guide = (InfrastructureDescriptor) parser.parse(List.of(resource("valid/guide-infrastructure.yaml")))
                .descriptors().get(0);
        assertThat(guide.productId()).isEqualTo(ProductId.parse("dp.marketing.marketing-campaign-data"));
        assertThat(guide.metadata().namespace()).contains("marketing");
        assertThat(guide.origin().line()).isEqualTo(3);
        InfrastructureSpec spec = guide.infrastructure();
        var storage = spec.storage().orElseThrow();
        assertThat(storage.type()).contains("data-lake");
        assertThat(storage.format()).contains("delta-lake");
        assertThat(storage.location()).contains("s3://company-datalake/marketing/");
        assertThat(storage.retention().orElseThrow().duration()).isEqualTo(Duration.ofDays(90));
        assertThat(storage.encryption()).contains("AES-256");
        var processing = spec.processing().orElseThrow();
        assertThat(processing.engine()).contains("spark");
        assertThat(processing.version()).contains("3.4");
        assertThat(processing.autoScaling()).contains(true);
        assertThat(processing.minWorkers()).contains(2);
        assertThat(processing.maxWorkers()).contains(20);
        var orchestration = spec.orchestration().orElseThrow();
        assertThat(orchestration.tool()).contains("airflow");
        assertThat(orchestration.schedule()).contains("0 */6 * * *");
        assertThat(orchestration.timeout().orElseThrow().duration()).isEqualTo(Duration.ofHours(4));
        var quality = spec.quality().orElseThrow();
        assertThat(quality.framework()).contains("great-expectations");
        assertThat(quality.checks()).extracting(CheckSpec::type).containsExactly("row_count", "null_percentage", "freshness");
        assertThat(quality.checks()).allSatisfy(check -> assertThat(check.severity()).isEqualTo(CheckSeverity.ERROR));
        Threshold rows = quality.checks().get(0).threshold().orElseThrow();
        assertThat(rows.comparison()).isEqualTo(Threshold.Comparison.GREATER);
        assertThat(rows.number()).isEqualTo(1000);
        Threshold nulls = quality.checks().get(1).threshold().orElseThrow();
        assertThat(nulls.unit()).isEqualTo(Threshold.Unit.PERCENT);
        assertThat(nulls.number()).isEqualTo(1);
        assertThat(quality.checks().get(1).column()).contains("customer_id");
        assertThat(quality.checks().get(2).threshold().orElseThrow().duration()).contains(Duration.ofHours(24));
        var discovery = spec.discovery().orElseThrow();
        assertThat(discovery.catalog()).contains("amundsen");
        assertThat(discovery.publishSchema()).contains(true);
        assertThat(discovery.generateDocs()).contains(true);
        assertThat(discovery.discoverable()).isEmpty();
        var security = spec.security().orElseThrow();
        assertThat(security.accessControl()).contains("rbac");
        assertThat(security.encryptionAtRest()).contains(true);
        assertThat(security.auditLogging()).contains(true);
    }

    @Test
    void richDataProductBindsEveryField() {
        ParsedDescriptors parsed = parser.parse(List.of(resource("valid/customer-360.yaml")));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.warnings()).extracting(Problem::path)
                .containsExactly("spec.orchestration.tool", "spec.quality.framework", "spec.discovery.catalog");
        DataProductDescriptor product = (DataProductDescriptor) parsed.descriptors().get(0);

        assertThat(product.id()).isEqualTo(ProductId.parse("dp.customer.360"));
        assertThat(product.metadata().labels()).containsEntry("tier", "gold").containsEntry("app.io/team", "crm");
        assertThat(product.displayName()).isEqualTo("Customer 360 View");
        assertThat(product.description()).startsWith("Unified customer profile");
        assertThat(product.ownerTeam().value()).isEqualTo("customer-domain-team");
        assertThat(product.tags()).containsExactly("customer", "360", "unified", "profile");
        assertThat(product.documentationUrl()).contains("https://docs.company.com/data-products/customer-360");
        assertThat(product.version().toString()).isEqualTo("2.1.0");
        assertThat(product.sensitivity()).isEqualTo(Classification.CONFIDENTIAL);
        assertThat(product.retentionPeriodDays()).contains(730);
        assertThat(product.sla().freshness().orElseThrow().duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(product.sla().availability().orElseThrow().percent()).isEqualTo(99.95);
        assertThat(product.sla().accuracy().orElseThrow().percent()).isEqualTo(99.5);
        assertThat(product.ownership().technicalOwner()).contains("alice@company.com");
        assertThat(product.ownership().developer()).contains("bob@company.com");
        assertThat(product.ownership().businessOwner()).contains("carol@company.com");
        assertThat(product.ownership().steward()).contains("dave@company.com");
        assertThat(product.ownership().onCallRotation()).contains("customer-oncall");
        assertThat(product.ownership().escalationPath()).contains("team-lead -> head-of-data");
        assertThat(product.ownership().communicationChannel()).contains("#customer-data");
        assertThat(product.entity()).contains("customer");

        assertThat(product.sources()).hasSize(4);
        var csv = product.sources().get(0);
        assertThat(csv.type()).isEqualTo(SourceType.CSV);
        assertThat(csv.path()).contains("data/orders.csv");
        assertThat(csv.options()).isEqualTo(Map.of("header", "true", "delimiter", ","));
        assertThat(csv.columns().keySet()).containsExactly("order_id", "customer_id", "amount", "order_ts");
        assertThat(csv.columns()).containsEntry("order_id", "BIGINT NOT NULL");
        assertThat(csv.description()).contains("raw orders export");
        assertThat(product.sources().get(1).product()).contains(ProductId.parse("dp.customer.profiles"));
        var jdbc = product.sources().get(2);
        assertThat(jdbc.url()).contains("jdbc:postgresql://localhost/legacy");
        assertThat(jdbc.query()).contains("SELECT * FROM orders");
        assertThat(jdbc.credentialsEnv()).contains("LEGACY_DB");
        var http = product.sources().get(3);
        assertThat(http.type()).isEqualTo(SourceType.HTTP);
        assertThat(http.options()).containsEntry("page_size", "100");
        assertThat(http.system()).contains("crm_system");

        assertThat(product.transform().file()).contains("transform.sql");
        assertThat(product.transform().sql()).hasValueSatisfying(sql -> assertThat(sql).startsWith("SELECT o.order_id"));
        assertThat(product.transform().mode()).isEqualTo(WriteMode.APPEND);
        assertThat(product.transform().watermark()).contains("order_ts");
        assertThat(product.transform().addRunColumns()).isTrue();
        assertThat(product.document()).contains("SELECT o.order_id");

        var columns = product.schema().columns();
        assertThat(columns).hasSize(6);
        assertThat(columns.get(0).primaryKey()).isTrue();
        assertThat(columns.get(0).unique()).isTrue();
        assertThat(columns.get(0).nullable()).isFalse();
        assertThat(columns.get(0).description()).contains("the order");
        assertThat(columns.get(2).isPii()).isTrue();
        assertThat(columns.get(2).mask()).contains("hash");
        assertThat(columns.get(2).classification()).contains("pii");
        assertThat(columns.get(2).tags()).containsExactly("contact");
        assertThat(columns.get(3).nullable()).isTrue();

        InfrastructureSpec infrastructure = product.infrastructure();
        assertThat(infrastructure.storage().orElseThrow().region()).contains("eu-west-1");
        assertThat(infrastructure.processing().orElseThrow().engineOrDefault()).isEqualTo("duckdb");
        assertThat(infrastructure.orchestration().orElseThrow().retries()).contains(2);
        assertThat(infrastructure.orchestration().orElseThrow().retryBackoff().orElseThrow().duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(infrastructure.discovery().orElseThrow().discoverable()).contains(true);
        List<CheckSpec> checks = infrastructure.quality().orElseThrow().checks();
        assertThat(checks).extracting(CheckSpec::type).containsExactly("row_count", "null_percentage", "freshness",
                "uniqueness", "accepted_values", "range", "regex", "not_null", "referential_integrity", "row_count_change",
                "schema", "custom_sql");
        assertThat(checks.get(2).column()).contains("order_ts");
        assertThat(checks.get(3).columns()).containsExactly("order_id", "customer_id");
        assertThat(checks.get(4).values()).containsExactly("open", "shipped", "cancelled");
        assertThat(checks.get(4).severity()).isEqualTo(CheckSeverity.WARN);
        assertThat(checks.get(5).min()).contains(0.0);
        assertThat(checks.get(5).max()).contains(100000.0);
        assertThat(checks.get(6).pattern()).contains("^[^@]+@[^@]+$");
        assertThat(checks.get(8).referenceProduct()).contains("dp.customer.profiles");
        assertThat(checks.get(8).referenceColumn()).contains("id");
        assertThat(checks.get(9).threshold().orElseThrow().unit()).isEqualTo(Threshold.Unit.PERCENT);
        assertThat(checks.get(11).sql()).contains("SELECT count(*) FROM output WHERE amount < 0");
        assertThat(checks.get(11).description()).contains("no negative amounts");
    }

    @Test
    void storedDocumentRebindsToTheSameDescriptor() {
        DataProductDescriptor product = (DataProductDescriptor) parser.parse(List.of(resource("valid/customer-360.yaml")))
                .descriptors().get(0);

        var rebound = (DataProductDescriptor) parser.fromDocument(product.document(), "store:dp.customer.360@1");

        assertThat(rebound.document()).isEqualTo(product.document());
        assertThat(rebound.transform()).isEqualTo(product.transform());
        assertThat(rebound.sources()).isEqualTo(product.sources());
        assertThat(rebound.sources().get(0).columns().keySet()).containsExactly("order_id", "customer_id", "amount", "order_ts");
        assertThat(rebound.schema()).isEqualTo(product.schema());
        assertThat(rebound.infrastructure()).isEqualTo(product.infrastructure());
    }

    @Test
    void fromDocumentRejectsAnInvalidDocument() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.fromDocument(
                        "{\"apiVersion\":\"platform/v1\",\"kind\":\"Domain\",\"metadata\":{\"name\":\"Sales\"},\"spec\":{}}", "store:x"))
                .isInstanceOf(org.meshwork.api.descriptor.InvalidDescriptorException.class)
                .satisfies(e -> assertThat(((org.meshwork.api.descriptor.InvalidDescriptorException) e).problems())
                        .extracting(Problem::path).contains("metadata.name", "spec.description", "spec.owner_team"));
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        String yaml = """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: orders, namespace: sales}
                spec:
                  description: Orders
                  owner_team: sales-team
                  version: 1.0.0
                """;
        ParsedDescriptors parsed = parser.parse("orders.yaml", yaml, null);
        assertThat(parsed.problems()).isEmpty();
        DataProductDescriptor product = (DataProductDescriptor) parsed.descriptors().get(0);
        assertThat(product.id()).isEqualTo(ProductId.parse("dp.sales.orders"));
        assertThat(product.displayName()).isEqualTo("orders");
        assertThat(product.sensitivity()).isEqualTo(Classification.INTERNAL);
        assertThat(product.transform().mode()).isEqualTo(WriteMode.OVERWRITE);
        assertThat(product.transform().sql()).isEqualTo(Optional.empty());
        assertThat(product.schema().isEmpty()).isTrue();
        assertThat(product.infrastructure()).isEqualTo(InfrastructureSpec.empty());
    }
}
