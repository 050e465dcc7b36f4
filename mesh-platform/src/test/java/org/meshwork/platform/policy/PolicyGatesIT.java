package org.meshwork.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.policy.PolicyLab.ADMIN;
import static org.meshwork.platform.policy.PolicyLab.CAROL;
import static org.meshwork.platform.policy.PolicyLab.EVENTS;
import static org.meshwork.platform.policy.PolicyLab.SAM;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.TeamName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.policy.ComplianceRecord;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.api.policy.PolicyVerdict;
import org.meshwork.api.policy.PolicyViolationException;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.apply.ApplyPlan;
import org.meshwork.platform.pipeline.RunProgress;

/**
 * The policy gates on the real stack (SQLite metadata and compliance, DuckDB, Delta): each enforcement level at the
 * apply, run, access and continuous stages.
 */
class PolicyGatesIT {
    @TempDir
    Path directory;

    private PolicyLab lab;
    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        lab = new PolicyLab(directory);
        mesh = lab.mesh;
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void aRequiredApplyPolicyRefusesTheWholeApplyListingEveryFailureAndLeavesTheStoreUnchanged() throws IOException {
        mesh.apply(List.of(lab.policy("needs-tags", "required", "apply", "has(product.spec.tags)")), ADMIN);
        Path lineage = lab.policy("needs-sla", "required", "apply", "has(product.spec.sla)");
        Path product = lab.product("");

        assertThatThrownBy(() -> mesh.apply(List.of(lineage, product), ADMIN))
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> {
                    assertThat(e.violations()).extracting(v -> v.policy().key()).containsExactly("needs-sla", "needs-tags");
                    assertThat(e.getMessage()).contains("apply refused by 2 required policies")
                            .contains("needs-sla says no").contains("needs-tags says no").contains("dp.lab.events");
                });
        assertThat(mesh.store().current(ResourceKey.product(EVENTS))).isEmpty();
        assertThat(mesh.store().current(ResourceKey.globalPolicy("needs-sla"))).isEmpty();
        assertThat(mesh.policies().compliance().all()).isEmpty();

        ApplyPlan applied = mesh.apply(List.of(lineage, lab.product("  tags: [lab]\n  sla: {freshness: 1h}\n")), ADMIN);
        assertThat(applied.policyResults()).extracting(PolicyResult::verdict).containsOnly(PolicyVerdict.PASS);
        assertThat(mesh.store().current(ResourceKey.product(EVENTS))).isPresent();
    }

    @Test
    void recommendedApplyPoliciesWarnAndOptionalOnesInformAndBothAreRecorded() throws IOException {
        mesh.apply(List.of(lab.policy("has-display-name", "recommended", "apply", "has(product.spec.display_name)"),
                lab.policy("has-docs", "optional", "apply", "has(product.spec.documentation_url)")), ADMIN);

        ApplyPlan plan = mesh.apply(List.of(lab.product("")), CAROL);

        assertThat(plan.policyFindings()).extracting(r -> r.policy().key() + "=" + r.verdict().label())
                .containsExactly("has-display-name=warn", "has-docs=info");
        assertThat(mesh.policies().compliance().of(EVENTS))
                .extracting(r -> r.policyKey() + "=" + r.verdict().label() + "@" + r.evaluatedIn().label())
                .containsExactly("has-display-name=warn@apply", "has-docs=info@apply");
    }

    @Test
    void anInvalidRuleIsAnApplyErrorAtItsLineWithTheColumnInTheExpression() throws IOException {
        Path broken = lab.write("broken.yaml", """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: broken}
                spec:
                  description: broken
                  enforcement: required
                  rule: product.spec.sla && (
                """);

        assertThatThrownBy(() -> mesh.apply(List.of(broken), ADMIN))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .anySatisfy(problem -> assertThat(problem.format())
                                .startsWith(broken + ":7:9: error: spec.rule: invalid CEL rule of policy 'broken'"
                                        + " at line 1, column")));
        assertThat(mesh.store().current(ResourceKey.globalPolicy("broken"))).isEmpty();
    }

    @Test
    void aDomainPolicyGovernsOnlyItsOwnDomainAndOnlyItsOwnersChangeIt() throws IOException {
        Path salesPolicy = lab.write("sales-policy.yaml", """
                apiVersion: platform/v1
                kind: DomainPolicy
                metadata: {name: sales-only, namespace: sales}
                spec:
                  description: sales products need tags
                  enforcement: required
                  rule: has(product.spec.tags)
                """);
        assertThatThrownBy(() -> mesh.apply(List.of(salesPolicy), CAROL))
                .isInstanceOf(org.meshwork.api.ForbiddenException.class)
                .hasMessageContaining("may not change domain policy 'sales/sales-only'");
        assertThatThrownBy(() -> mesh.apply(List.of(lab.policy("global-by-owner", "required", "apply", "true")), CAROL))
                .isInstanceOf(org.meshwork.api.ForbiddenException.class).hasMessageContaining("only platform admins");
        mesh.apply(List.of(salesPolicy), SAM);

        ApplyPlan labProduct = mesh.apply(List.of(lab.product("")), CAROL); // a lab product without tags: not sales' business

        assertThat(labProduct.policyResults()).isEmpty();
    }

    @Test
    void aRequiredRunPolicyFailsTheRunAndPublishesNothing() throws IOException {
        mesh.apply(List.of(lab.product(""), lab.policy("small-batches", "required", "run", "run.rows_written <= 2")), ADMIN);

        RunRecord run = mesh.run(EVENTS, ADMIN, RunProgress.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("refused by 1 required policy").contains("small-batches says no"));
        assertThat(run.tableVersion()).isEmpty();
        assertThat(mesh.tables().open(mesh.products().get(EVENTS).definition()).current()).isEmpty();
        assertThat(mesh.policies().compliance().of(EVENTS)).singleElement().satisfies(record -> {
            assertThat(record.verdict()).isEqualTo(PolicyVerdict.FAIL);
            assertThat(record.evaluatedIn()).isEqualTo(PolicyStage.RUN);
        });
    }

    @Test
    void recommendedAndOptionalRunPoliciesPublishAndAreRecorded() throws IOException {
        mesh.apply(List.of(lab.product(""), lab.policy("small-batches", "recommended", "run", "run.rows_written <= 2"),
                lab.policy("no-quarantine", "optional", "run", "run.rows_quarantined == 1")), ADMIN);

        RunRecord run = mesh.run(EVENTS, ADMIN, RunProgress.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.tableVersion()).contains(0L);
        assertThat(mesh.policies().compliance().of(EVENTS)).extracting(r -> r.policyKey() + "=" + r.verdict().label())
                .containsExactly("no-quarantine=info", "small-batches=warn");
    }

    @Test
    void theAccessGateReportsAccessStagePoliciesForThePrincipalAtEachLevel() throws IOException {
        mesh.apply(List.of(lab.product(""),
                lab.policy("owners-only", "required", "access", "'lab-team' in principal.teams"),
                lab.policy("with-purpose", "recommended", "access", "has(access.purpose)"),
                lab.policy("few-columns", "optional", "access", "size(access.columns) <= 1")), ADMIN);
        Principal member = new Principal(CAROL, PrincipalKind.USER, Set.of(TeamName.of("lab-team")), Set.of());
        Principal outsider = new Principal(SAM, PrincipalKind.USER, Set.of(TeamName.of("sales-domain-team")), Set.of());
        var product = mesh.products().get(EVENTS);

        List<PolicyResult> forOutsider = mesh.policies().accessViolations(outsider, product,
                Map.of("columns", List.of("event_id", "kind")));
        List<PolicyResult> forMember = mesh.policies().accessViolations(member, product,
                Map.of("columns", List.of("event_id"), "purpose", "analysis"));

        assertThat(forOutsider).extracting(r -> r.policy().key() + "=" + r.verdict().label())
                .containsExactly("few-columns=info", "owners-only=fail", "with-purpose=warn");
        assertThat(forMember).isEmpty();
    }

    @Test
    void accessControlRbacDropsTheDomainsAttributePoliciesAndKeepsTheGlobalOnes() throws IOException {
        Path domainRule = lab.write("lab-purpose.yaml", """
                apiVersion: platform/v1
                kind: DomainPolicy
                metadata: {name: lab-purpose, namespace: lab}
                spec:
                  description: lab reads state a purpose
                  stage: access
                  rule: has(access.purpose)
                """);
        mesh.apply(List.of(domainRule, lab.policy("owners-only", "required", "access", "'lab-team' in principal.teams")),
                ADMIN);
        Principal outsider = new Principal(SAM, PrincipalKind.USER, Set.of(TeamName.of("sales-domain-team")), Set.of());
        Map<String, Object> read = Map.of("columns", List.of("event_id"));

        for (String declared : new String[] {"", "  security: {access_control: abac}\n"}) {
            mesh.apply(List.of(lab.product(declared)), ADMIN);
            assertThat(mesh.policies().accessViolations(outsider, mesh.products().get(EVENTS), read))
                    .as("access_control %s", declared).extracting(r -> r.policy().key())
                    .containsExactlyInAnyOrder("lab/lab-purpose", "owners-only");
        }
        mesh.apply(List.of(lab.product("  security: {access_control: rbac}\n")), ADMIN);
        assertThat(mesh.policies().accessViolations(outsider, mesh.products().get(EVENTS), read))
                .extracting(r -> r.policy().key()).containsExactly("owners-only");
    }

    @Test
    void theContinuousEvaluationKeepsTheComplianceStatusCurrent() throws IOException {
        mesh.apply(List.of(lab.product(""), lab.policy("ran-ok", "recommended", "continuous", "run.status == 'succeeded'")),
                ADMIN);

        mesh.evaluatePolicies();
        assertThat(mesh.policies().compliance().of(EVENTS)).singleElement()
                .extracting(ComplianceRecord::verdict, ComplianceRecord::evaluatedIn)
                .containsExactly(PolicyVerdict.WARN, PolicyStage.CONTINUOUS);

        mesh.run(EVENTS, ADMIN, RunProgress.NONE);
        mesh.evaluatePolicies();
        assertThat(mesh.policies().compliance().of(EVENTS)).singleElement()
                .extracting(ComplianceRecord::verdict).isEqualTo(PolicyVerdict.PASS);
        assertThat(mesh.policyReport(Optional.empty())).extracting(PolicyResult::verdict).containsExactly(PolicyVerdict.PASS);
    }

    @Test
    void simulationSaysWhichProductsANewPolicyWouldFailAndStoresNothing() throws IOException {
        mesh.apply(List.of(lab.product("")), CAROL);
        Path stricter = lab.policy("needs-owner-contact", "required", "apply", "has(product.spec.ownership)");

        List<PolicyResult> simulated = mesh.simulatePolicies(List.of(stricter));

        assertThat(simulated).singleElement().satisfies(result -> {
            assertThat(result.product()).isEqualTo(EVENTS);
            assertThat(result.verdict()).isEqualTo(PolicyVerdict.FAIL);
        });
        assertThat(mesh.store().current(ResourceKey.globalPolicy("needs-owner-contact"))).isEmpty();
        assertThat(mesh.policies().compliance().all()).isEmpty();
    }
}
