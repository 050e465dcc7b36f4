package org.meshwork.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meshwork.api.Environment;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.DomainPolicyDescriptor;
import org.meshwork.api.descriptor.GlobalPolicyDescriptor;
import org.meshwork.api.policy.CompiledPolicies;
import org.meshwork.api.policy.Policy;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicyVerdict;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.governance.policy.CelPolicyEngine;
import org.meshwork.platform.product.ProductDocuments;

/**
 * The sample mesh's policies (examples/governance and the domains' policies.yaml) mean what their descriptions say:
 * a product that follows them passes every one, and each has a product that fails it, and only it.
 */
class GuidePoliciesTest {
    private static final Path EXAMPLES = Path.of("../examples");
    private final DescriptorParser parser = new DescriptorParser();
    private final CompiledPolicies policies = new CelPolicyEngine().compile(examplePolicies());

    private List<Policy> examplePolicies() {
        ParsedDescriptors parsed = parser.parse(List.of(EXAMPLES.resolve("governance/global-policies.yaml"),
                EXAMPLES.resolve("marketing/policies.yaml"), EXAMPLES.resolve("sales/policies.yaml")));
        parsed.throwIfInvalid();
        List<Policy> result = new ArrayList<>();
        for (Descriptor descriptor : parsed.descriptors()) {
            if (descriptor instanceof GlobalPolicyDescriptor global) {
                result.add(Policy.of(global).orElseThrow());
            } else if (descriptor instanceof DomainPolicyDescriptor local) {
                result.add(Policy.of(local).orElseThrow());
            }
        }
        return result;
    }

    /** A compliant product of {@code domain}; {@code replace} pairs edit its YAML to break one rule. */
    private List<PolicyResult> evaluate(String domain, String... replace) {
        return evaluateOnDisk(domain, java.util.Map.of(), replace);
    }

    /** As {@link #evaluate}, with the {@code storage} facts (what is on disk) bound when not empty. */
    private List<PolicyResult> evaluateOnDisk(String domain, java.util.Map<String, Object> storage, String... replace) {
        String yaml = """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: things, namespace: DOMAIN}
                spec:
                  description: Things
                  owner_team: DOMAIN-team
                  version: 1.0.0
                  retention_period_days: 365
                  sla: {freshness: 1h}
                  sources:
                    - {name: raw, type: csv, path: raw.csv}
                  transform: {sql: "SELECT * FROM raw"}
                  schema:
                    columns:
                      - {name: id, type: BIGINT, nullable: false}
                      - {name: email, type: VARCHAR, classification: pii, mask: hash}
                  storage: {region: eu-west-1}
                  quality:
                    checks:
                      - {name: row_count, threshold: "> 0"}
                  security: {encryption_at_rest: true, audit_logging: true}
                """.replace("DOMAIN", domain);
        for (int i = 0; i < replace.length; i += 2) {
            assertThat(yaml).contains(replace[i]);
            yaml = yaml.replace(replace[i], replace[i + 1]);
        }
        ParsedDescriptors parsed = parser.parse("things.yaml", yaml, Path.of("."));
        parsed.throwIfInvalid();
        DataProductDescriptor product = (DataProductDescriptor) parsed.descriptors().get(0);
        ProductId id = product.id();
        org.meshwork.api.policy.PolicySubject subject = PolicyFacts.of(id,
                new ProductDocuments(Optional.of(product.document()), Optional.empty(), Optional.empty()), Environment.DEV);
        return policies.evaluateAll(storage.isEmpty() ? subject : subject.with("storage", storage));
    }

    private static List<String> failing(List<PolicyResult> results) {
        return results.stream().filter(r -> r.verdict() != PolicyVerdict.PASS).map(r -> r.policy().key()).toList();
    }

    @Test
    void aCompliantProductPassesEveryPolicyInEveryDomain() {
        for (String domain : List.of("customer", "sales", "marketing", "product")) {
            List<PolicyResult> results = evaluate(domain);
            assertThat(results).as(domain).isNotEmpty();
            assertThat(failing(results)).as(domain).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "encryption-at-rest | encryption_at_rest: true | encryption_at_rest: false",
        "audit-logging      | audit_logging: true | audit_logging: false",
        "pii-masking        | 'classification: pii, mask: hash' | 'classification: pii'",
        "data-lineage       | '    - {name: raw, type: csv, path: raw.csv}\n' | ''",
        "quality-slo        | '  sla: {freshness: 1h}\n' | ''",
        "retention-policy   | '  retention_period_days: 365\n' | ''",
    })
    void eachGlobalPolicyFailsTheProductThatBreaksItAndNoOther(String policy, String from, String to) {
        String unescapedFrom = from.replace("\\n", "\n");
        String unescapedTo = to.replace("\\n", "\n");
        if (policy.equals("data-lineage")) {
            // a product with no sources at all
            assertThat(failing(evaluate("sales", "  sources:\n" + unescapedFrom, ""))).containsExactly(policy);
            return;
        }
        assertThat(failing(evaluate("sales", unescapedFrom, unescapedTo))).containsExactly(policy);
    }

    @Test
    void encryptionAtRestChecksTheFilesOnceTheProductIsPublished() {
        assertThat(failing(evaluateOnDisk("sales", java.util.Map.of("published", false, "encrypted", false)))).isEmpty();
        assertThat(failing(evaluateOnDisk("sales", java.util.Map.of("published", true, "encrypted", true)))).isEmpty();
        assertThat(failing(evaluateOnDisk("sales", java.util.Map.of("published", true, "encrypted", false))))
                .containsExactly("encryption-at-rest");
    }

    @Test
    void qualitySloNeedsARequiredCheckNotOnlyWarnings() {
        assertThat(failing(evaluate("sales", "{name: row_count, threshold: \"> 0\"}",
                "{name: row_count, threshold: \"> 0\", severity: warn}"))).containsExactly("quality-slo");
    }

    @Test
    void retentionMayBeDeclaredOnTheStorage() {
        assertThat(failing(evaluate("sales", "  retention_period_days: 365\n", "",
                "storage: {region: eu-west-1}", "storage: {region: eu-west-1, retention: 90 days}"))).isEmpty();
    }

    @Test
    void customerDataMustStayInTheEuButOtherDomainsChooseFreely() {
        assertThat(failing(evaluate("customer", "region: eu-west-1", "region: us-east-1")))
                .containsExactly("data-localisation");
        assertThat(failing(evaluate("customer", "  storage: {region: eu-west-1}\n", "")))
                .containsExactly("data-localisation");
        assertThat(failing(evaluate("sales", "region: eu-west-1", "region: us-east-1"))).isEmpty();
    }

    @Test
    void marketingRevenueNeedsAnAttributionModelInMarketingOnly() {
        String revenue = "      - {name: id, type: BIGINT, nullable: false}\n"
                + "      - {name: attributed_revenue, type: DOUBLE}\n";
        assertThat(failing(evaluate("marketing", "      - {name: id, type: BIGINT, nullable: false}\n", revenue)))
                .containsExactly("marketing/marketing-attribution");
        assertThat(failing(evaluate("marketing", "      - {name: id, type: BIGINT, nullable: false}\n", revenue
                + "      - {name: attribution_model, type: VARCHAR, nullable: false}\n"))).isEmpty();
        assertThat(failing(evaluate("sales", "      - {name: id, type: BIGINT, nullable: false}\n", revenue))).isEmpty();
    }

    @Test
    void salesAmountsNeedTheirQuotaPeriodInSalesOnly() {
        String amount = "      - {name: id, type: BIGINT, nullable: false}\n      - {name: amount, type: DOUBLE}\n";
        assertThat(failing(evaluate("sales", "      - {name: id, type: BIGINT, nullable: false}\n", amount)))
                .containsExactly("sales/sales-quota-alignment");
        assertThat(failing(evaluate("sales", "      - {name: id, type: BIGINT, nullable: false}\n", amount
                + "      - {name: fiscal_quarter, type: VARCHAR, nullable: false}\n"))).isEmpty();
        assertThat(failing(evaluate("marketing", "      - {name: id, type: BIGINT, nullable: false}\n", amount))).isEmpty();
    }
}
