package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DomainDescriptor;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Kind;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.descriptor.Problem;

class MultipleDocumentsTest {
    private static final String DOMAIN = """
            apiVersion: platform/v1
            kind: Domain
            metadata: {name: sales}
            spec:
              display_name: Sales
              description: Orders and invoices
              owner_team: sales-team
              bounded_context: order-to-cash
              capabilities: [ordering, invoicing]
            """;
    private static final String PRODUCT = """
            apiVersion: platform/v1
            kind: DataProduct
            metadata: {name: orders, namespace: sales}
            spec:
              description: Orders
              owner_team: sales-team
              version: 1.0.0
              schema:
                columns:
                  - {name: order_id, type: BIGINT}
            """;
    private static final String INFRASTRUCTURE = """
            apiVersion: platform/v1
            kind: DataProductInfrastructure
            metadata: {name: orders, namespace: sales}
            spec:
              orchestration: {schedule: "0 * * * *"}
              quality:
                checks:
                  - {name: null_percentage, column: order_id, threshold: "< 1%"}
            """;
    private static final String POLICIES = """
            apiVersion: platform/v1
            kind: GlobalPolicy
            metadata: {name: owner-required}
            spec:
              description: Every product names its owner
              enforcement: recommended
              rule: "product.owner_team != ''"
              message: name an owner team
            ---
            apiVersion: platform/v1
            kind: DomainPolicy
            metadata: {name: pii-masked, namespace: sales}
            spec:
              description: PII columns are masked
              rule: "columns.all(c, !c.pii || c.mask != '')"
              stage: run
            """;

    private final DescriptorParser parser = new DescriptorParser();

    @TempDir
    Path directory;

    @Test
    void severalDocumentsInOneFile() {
        ParsedDescriptors parsed = parser.parse("mesh.yaml", DOMAIN + "---\n" + PRODUCT + "---\n" + INFRASTRUCTURE + "---\n" + POLICIES, null);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.descriptors()).extracting(Descriptor::kind).containsExactly(Kind.DOMAIN, Kind.DATA_PRODUCT,
                Kind.DATA_PRODUCT_INFRASTRUCTURE, Kind.GLOBAL_POLICY, Kind.DOMAIN_POLICY);
        DomainDescriptor domain = (DomainDescriptor) parsed.descriptors().get(0);
        assertThat(domain.name().value()).isEqualTo("sales");
        assertThat(domain.boundedContext()).contains("order-to-cash");
        assertThat(domain.capabilities()).containsExactly("ordering", "invoicing");
        InfrastructureDescriptor infrastructure = (InfrastructureDescriptor) parsed.descriptors().get(2);
        assertThat(infrastructure.productId()).isEqualTo(((DataProductDescriptor) parsed.descriptors().get(1)).id());
        assertThat(infrastructure.origin().line()).isEqualTo(22);
        GlobalPolicyDescriptor global = (GlobalPolicyDescriptor) parsed.descriptors().get(3);
        assertThat(global.enforcement()).isEqualTo(Enforcement.RECOMMENDED);
        assertThat(global.domainsApplicable()).containsExactly("all");
        assertThat(global.stage()).isEqualTo(PolicyStage.APPLY);
        assertThat(global.rule()).contains("product.owner_team != ''");
        DomainPolicyDescriptor local = (DomainPolicyDescriptor) parsed.descriptors().get(4);
        assertThat(local.domain().value()).isEqualTo("sales");
        assertThat(local.localEnforcement()).isTrue();
        assertThat(local.enforcement()).isEqualTo(Enforcement.REQUIRED);
        assertThat(local.stage()).isEqualTo(PolicyStage.RUN);
    }

    @Test
    void infrastructureChecksAreCheckedAgainstTheProductSchema() {
        String wrongColumn = INFRASTRUCTURE.replace("column: order_id", "column: customer_id");

        ParsedDescriptors parsed = parser.parse("mesh.yaml", PRODUCT + "---\n" + wrongColumn, null);

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("spec.quality.checks[0].column");
            assertThat(error.position().line()).isEqualTo(19);
            assertThat(error.message()).contains("'customer_id' is not in the output schema of dp.sales.orders");
        });
        assertThat(parsed.descriptors()).extracting(Descriptor::kind).containsExactly(Kind.DATA_PRODUCT);
    }

    @Test
    void directoryMeansEveryYamlFileBelowItInSortedOrder() throws IOException {
        Files.createDirectories(directory.resolve("sales/products"));
        Files.writeString(directory.resolve("sales/domain.yaml"), DOMAIN);
        Files.writeString(directory.resolve("sales/products/orders.yml"), PRODUCT);
        Files.writeString(directory.resolve("sales/products/orders-infra.yaml"), INFRASTRUCTURE);
        Files.writeString(directory.resolve("policies.yaml"), POLICIES);
        Files.writeString(directory.resolve("README.md"), "not a descriptor");

        ParsedDescriptors parsed = parser.parse(List.of(directory));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.descriptors()).extracting(Descriptor::kind).containsExactly(Kind.GLOBAL_POLICY, Kind.DOMAIN_POLICY,
                Kind.DOMAIN, Kind.DATA_PRODUCT_INFRASTRUCTURE, Kind.DATA_PRODUCT);
    }

    @Test
    void errorsOfEveryFileAreReported() throws IOException {
        Path first = Files.writeString(directory.resolve("a.yaml"), DOMAIN.replace("owner_team", "owner"));
        Path second = Files.writeString(directory.resolve("b.yaml"), PRODUCT.replace("1.0.0", "one"));
        Path good = Files.writeString(directory.resolve("c.yaml"), POLICIES);

        ParsedDescriptors parsed = parser.parse(List.of(first, second, good));

        assertThat(parsed.errors()).extracting(problem -> problem.position().file() + " " + problem.path()).containsExactly(
                first + " spec.owner_team", first + " spec.owner", second + " spec.version");
        assertThat(parsed.descriptors()).extracting(Descriptor::kind).containsExactly(Kind.GLOBAL_POLICY, Kind.DOMAIN_POLICY);
        assertThatThrownBy(parsed::throwIfInvalid).isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining("3 errors").hasMessageContaining("b.yaml:7:12");
    }

    @Test
    void duplicateIdsAcrossFilesNameTheFirst() throws IOException {
        Path first = Files.writeString(directory.resolve("a.yaml"), PRODUCT);
        Path second = Files.writeString(directory.resolve("b.yaml"), PRODUCT.replace("description: Orders", "description: Copy"));

        ParsedDescriptors parsed = parser.parse(List.of(first, second));

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.position().file()).isEqualTo(second.toString());
            assertThat(error.message()).isEqualTo("duplicate DataProduct dp.sales.orders: already declared at " + first + ":3:18");
        });
        assertThat(parsed.descriptors()).hasSize(1);
    }

    @Test
    void missingFileIsAProblemNotAnException() {
        ParsedDescriptors parsed = parser.parse(List.of(directory.resolve("nope.yaml")));

        assertThat(parsed.errors()).extracting(Problem::message).containsExactly("no such file or directory");
    }

    @Test
    void anEntityClaimedByTwoDomainsIsAWarningOnEachClaim() {
        String customers = """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: customers, namespace: crm}
                spec:
                  description: Customers
                  owner_team: crm-team
                  version: 1.0.0
                  entity: customer
                """;
        String shadow = """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: buyers, namespace: sales}
                spec:
                  description: Our own customer list
                  owner_team: sales-team
                  version: 1.0.0
                  entity: Customer
                """;

        ParsedDescriptors parsed = parser.parse("mesh.yaml", customers + "---\n" + shadow + "---\n" + PRODUCT, null);

        assertThat(parsed.hasErrors()).isFalse();
        assertThat(parsed.warnings()).hasSize(2).allSatisfy(warning -> {
            assertThat(warning.path()).isEqualTo("spec.entity");
            assertThat(warning.message()).contains("ownership overlap: entity 'customer' is also claimed by");
        });
        assertThat(parsed.warnings()).anySatisfy(w -> assertThat(w.message()).contains("dp.sales.buyers"));
        assertThat(parsed.warnings()).anySatisfy(w -> assertThat(w.message()).contains("dp.crm.customers"));
    }
}
