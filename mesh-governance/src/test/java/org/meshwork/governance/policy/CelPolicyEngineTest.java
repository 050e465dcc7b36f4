package org.meshwork.governance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.descriptor.SourcePosition;
import org.meshwork.api.policy.CompiledPolicies;
import org.meshwork.api.policy.Policy;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicySubject;
import org.meshwork.api.policy.PolicyVerdict;

class CelPolicyEngineTest {
    private final CelPolicyEngine engine = new CelPolicyEngine();
    private static final ProductId SALES_ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId CUSTOMER_360 = ProductId.parse("dp.customer.profiles");

    static Policy global(String name, Enforcement enforcement, PolicyStage stage, String rule, String... domains) {
        return new Policy(name, Optional.empty(), name, enforcement, stage,
                java.util.Arrays.stream(domains).map(DomainName::of).toList(), rule, Optional.of("fix " + name),
                new SourcePosition("policies.yaml", 7, 9));
    }

    static PolicySubject subject(ProductId id, Map<String, Object> spec) {
        return new PolicySubject(id, Map.of("product", Map.of("id", id.toString(), "spec", spec)));
    }

    @Test
    void eachEnforcementLevelGivesItsVerdictWhenTheRuleIsFalse() {
        CompiledPolicies policies = engine.compile(List.of(
                global("a", Enforcement.REQUIRED, PolicyStage.APPLY, "product.spec.ok"),
                global("b", Enforcement.RECOMMENDED, PolicyStage.APPLY, "product.spec.ok"),
                global("c", Enforcement.OPTIONAL, PolicyStage.APPLY, "product.spec.ok")));

        List<PolicyResult> failing = policies.evaluate(subject(SALES_ORDERS, Map.of("ok", false)), PolicyStage.APPLY);
        List<PolicyResult> passing = policies.evaluate(subject(SALES_ORDERS, Map.of("ok", true)), PolicyStage.APPLY);

        assertThat(failing).extracting(PolicyResult::verdict)
                .containsExactly(PolicyVerdict.FAIL, PolicyVerdict.WARN, PolicyVerdict.INFO);
        assertThat(failing).extracting(PolicyResult::reason).containsExactly("fix a", "fix b", "fix c");
        assertThat(passing).extracting(PolicyResult::verdict).containsOnly(PolicyVerdict.PASS);
    }

    @Test
    void onlyPoliciesOfTheStageAndOfTheProductsDomainAreEvaluated() {
        CompiledPolicies policies = engine.compile(List.of(
                global("apply-all", Enforcement.REQUIRED, PolicyStage.APPLY, "true"),
                global("run-all", Enforcement.REQUIRED, PolicyStage.RUN, "true"),
                global("apply-sales", Enforcement.REQUIRED, PolicyStage.APPLY, "true", "sales"),
                new Policy("local", Optional.of(DomainName.of("customer")), "d", Enforcement.REQUIRED,
                        PolicyStage.APPLY, List.of(DomainName.of("customer")), "true", Optional.empty(),
                        SourcePosition.startOf("x"))));

        assertThat(policies.evaluate(subject(SALES_ORDERS, Map.of()), PolicyStage.APPLY))
                .extracting(r -> r.policy().key()).containsExactly("apply-all", "apply-sales");
        assertThat(policies.evaluate(subject(CUSTOMER_360, Map.of()), PolicyStage.APPLY))
                .extracting(r -> r.policy().key()).containsExactly("apply-all", "customer/local");
        assertThat(policies.evaluateAll(subject(CUSTOMER_360, Map.of())))
                .extracting(r -> r.policy().key()).containsExactly("apply-all", "run-all", "customer/local");
    }

    @Test
    void aRuleReadingAMissingFieldFailsWithTheEvaluationError() {
        CompiledPolicies policies = engine.compile(List.of(global("enc", Enforcement.REQUIRED, PolicyStage.APPLY,
                "product.spec.security.encryption_at_rest == true")));

        PolicyResult result = policies.evaluate(subject(SALES_ORDERS, Map.of()), PolicyStage.APPLY).get(0);

        assertThat(result.verdict()).isEqualTo(PolicyVerdict.FAIL);
        assertThat(result.reason()).startsWith("fix enc (rule could not be evaluated:").contains("security");
    }

    @Test
    void macrosListsAndIntegersWork() {
        CompiledPolicies policies = engine.compile(List.of(global("m", Enforcement.REQUIRED, PolicyStage.APPLY,
                "product.spec.n > 2 && product.spec.cols.exists(c, c.name == 'id') && size(product.spec.cols) == 2")));

        assertThat(policies.evaluate(subject(SALES_ORDERS, Map.of("n", 3L,
                "cols", List.of(Map.of("name", "id"), Map.of("name", "x")))), PolicyStage.APPLY).get(0).verdict())
                .isEqualTo(PolicyVerdict.PASS);
    }

    @Test
    void invalidRulesAreReportedAtTheRuleFieldWithTheColumnInsideTheExpression() {
        assertThatThrownBy(() -> engine.compile(List.of(
                global("syntax", Enforcement.REQUIRED, PolicyStage.APPLY, "product.spec.x == "),
                global("unknown", Enforcement.REQUIRED, PolicyStage.APPLY, "true && produkt.spec.x"),
                global("not-bool", Enforcement.REQUIRED, PolicyStage.APPLY, "1 + 2"))))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(0).format()).startsWith("policies.yaml:7:9: error: spec.rule: invalid CEL"
                            + " rule of policy 'syntax' at line 1, column 19 of the expression");
                    assertThat(e.problems().get(1).format()).contains("policy 'unknown' at line 1, column 9")
                            .contains("undeclared reference to 'produkt'");
                    assertThat(e.problems().get(2).format()).contains("policy 'not-bool'");
                });
    }
}
