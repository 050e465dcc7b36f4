package org.meshwork.platform.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.testing.policy.InMemoryPolicyComplianceStore;
import org.meshwork.testing.store.InMemoryMetadataStore;

class ApplyPlannerTest {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final UserName CAROL = UserName.of("carol");
    private static final UserName SAM = UserName.of("sam");
    private static final ProductId CUSTOMER_360 = ProductId.parse("dp.customer.360");

    @TempDir
    Path directory;

    private InMemoryMetadataStore store;
    private final InMemoryPolicyComplianceStore compliance = new InMemoryPolicyComplianceStore();
    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        Path home = directory.resolve("ws");
        Files.createDirectories(home);
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  customer-domain-team: {members: [carol]}
                  sales-domain-team: {members: [sam]}
                storage_roots: {"s3://": lake/s3}
                """);
        store = new InMemoryMetadataStore();
        mesh = Mesh.open(Workspace.openOrCreate(home), store, compliance, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
    }

    private Path write(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path customerDomain() throws IOException {
        return write("customer/domain.yaml", """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: customer}
                spec: {description: Customers, owner_team: customer-domain-team}
                """);
    }

    private Path customerProduct(String version, String extraColumn) throws IOException {
        return write("customer/product.yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: customer-360, namespace: customer, id: dp.customer.360}
                spec:
                  display_name: Customer 360 View
                  description: Unified customer profile
                  owner_team: customer-domain-team
                  version: %s
                  sensitivity_level: confidential
                  sources:
                    - {name: crm, type: csv, path: data/crm.csv}
                  schema:
                    columns:
                      - {name: customer_id, type: BIGINT, nullable: false}
                %s
                """.formatted(version, extraColumn));
    }

    @Test
    void createsThenLeavesAnUnchangedProductAloneThenUpdates() throws IOException {
        Path domain = customerDomain();
        Path product = customerProduct("1.0.0", "      - {name: email, type: VARCHAR}");

        ApplyPlan first = mesh.apply(List.of(domain, product), CAROL);
        assertThat(first.changes()).extracting(PlannedChange::action).containsExactly(ChangeAction.CREATE, ChangeAction.CREATE);
        assertThat(store.history(ResourceKey.product(CUSTOMER_360))).hasSize(1);

        ApplyPlan again = mesh.apply(List.of(domain, product), CAROL);
        assertThat(again.hasChanges()).isFalse();
        assertThat(again.changes()).extracting(PlannedChange::resultingVersion).containsExactly(1L, 1L);
        assertThat(store.history(ResourceKey.product(CUSTOMER_360))).hasSize(1);

        customerProduct("1.1.0", "      - {name: email, type: VARCHAR}\n      - {name: country, type: VARCHAR}");
        ApplyPlan update = mesh.apply(List.of(product), CAROL);
        assertThat(update.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(ChangeAction.UPDATE);
            assertThat(change.resultingVersion()).isEqualTo(2);
            assertThat(change.notes()).contains("contract: column 'country' added");
        });
        assertThat(mesh.history(CUSTOMER_360)).extracting(h -> h.appliedBy()).containsExactly(CAROL, CAROL);
        assertThat(mesh.products().get(CUSTOMER_360).definition().version()).hasValueSatisfying(
                v -> assertThat(v.toString()).isEqualTo("1.1.0"));
    }

    @Test
    void formattingAndCommentsDoNotMakeANewRevision() throws IOException {
        Path domain = customerDomain();
        mesh.apply(List.of(domain, customerProduct("1.0.0", "")), CAROL);
        String original = Files.readString(directory.resolve("customer/product.yaml"));
        write("customer/product.yaml", "# a comment that changes nothing\n" + original.replace("{name: crm, type: csv, path: data/crm.csv}",
                "{path: data/crm.csv, type: csv, name: crm}"));

        assertThat(mesh.plan(List.of(directory.resolve("customer/product.yaml")), CAROL).hasChanges()).isFalse();
    }

    @Test
    void dryRunWritesNothing() throws IOException {
        ApplyPlan plan = mesh.plan(List.of(customerDomain(), customerProduct("1.0.0", "")), CAROL);

        assertThat(plan.count(ChangeAction.CREATE)).isEqualTo(2);
        assertThat(store.list(ResourceKind.PRODUCT)).isEmpty();
        assertThat(store.list(ResourceKind.DOMAIN)).isEmpty();
    }

    @Test
    void breakingContractChangeNeedsANewMajorVersion() throws IOException {
        Path domain = customerDomain();
        mesh.apply(List.of(domain, customerProduct("1.0.0", "      - {name: email, type: VARCHAR}")), CAROL);

        Path withoutEmail = customerProduct("1.1.0", "");
        assertThatThrownBy(() -> mesh.apply(List.of(withoutEmail), CAROL))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(problem -> {
                            assertThat(problem.path()).isEqualTo("spec.schema");
                            assertThat(problem.message()).contains("column 'email' removed");
                            assertThat(problem.hint()).hasValueSatisfying(h -> assertThat(h).contains("2.0.0"));
                        }));
        assertThat(store.history(ResourceKey.product(CUSTOMER_360))).hasSize(1);

        ApplyPlan major = mesh.apply(List.of(customerProduct("2.0.0", "")), CAROL);
        assertThat(major.changes().get(0).notes()).anyMatch(n -> n.contains("breaking: column 'email' removed"));
        assertThat(store.history(ResourceKey.product(CUSTOMER_360))).hasSize(2);
    }

    @Test
    void onlyTheOwnerTeamOrAnAdminChangesADomainsProducts() throws IOException {
        Path domain = customerDomain();
        mesh.apply(List.of(domain), CAROL);
        Path product = customerProduct("1.0.0", "");

        assertThatThrownBy(() -> mesh.apply(List.of(product), SAM))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("user 'sam' may not change product 'dp.customer.360'")
                .hasMessageContaining("customer-domain-team");
        assertThat(store.list(ResourceKind.PRODUCT)).isEmpty();

        assertThat(mesh.apply(List.of(product), ADMIN).count(ChangeAction.CREATE)).isEqualTo(1);
    }

    private Path glossaryTerm(String file, String domain, String definition) throws IOException {
        return write(file, """
                apiVersion: platform/v1
                kind: GlossaryTerm
                metadata: {name: customer, namespace: %s}
                spec: {definition: %s, synonyms: [client]}
                """.formatted(domain, definition));
    }

    @Test
    void columnsLinkOnlyToDefinedGlossaryTermsWhichStayWithTheirDomain() throws IOException {
        Path product = customerProduct("1.0.0", "      - {name: email, type: VARCHAR, glossary: [customer]}");
        assertThatThrownBy(() -> mesh.apply(List.of(customerDomain(), product), CAROL))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining("spec.schema.columns[1].glossary[0]")
                .hasMessageContaining("glossary term 'customer' is not defined");
        assertThat(store.list(ResourceKind.PRODUCT)).isEmpty();

        Path term = glossaryTerm("customer/glossary.yaml", "customer", "Someone who bought");
        mesh.apply(List.of(customerDomain(), term, product), CAROL);
        assertThat(store.current(ResourceKey.glossaryTerm("customer"))).hasValueSatisfying(stored ->
                assertThat(stored.domain()).contains(DomainName.of("customer")));
        assertThat(mesh.products().glossaryTerm("customer")).hasValueSatisfying(t -> {
            assertThat(t.definition()).isEqualTo("Someone who bought");
            assertThat(t.synonyms()).containsExactly("client");
        });

        Path stolen = glossaryTerm("sales/glossary.yaml", "sales", "Whoever pays an invoice");
        assertThatThrownBy(() -> mesh.apply(List.of(stolen), SAM))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("glossary term 'customer' is owned by domain 'customer'");
        Path changed = glossaryTerm("customer/glossary.yaml", "customer", "Anyone with an account");
        assertThatThrownBy(() -> mesh.apply(List.of(changed), SAM))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("glossary term 'customer'");
        mesh.apply(List.of(changed), CAROL);
        assertThat(store.history(ResourceKey.glossaryTerm("customer"))).hasSize(2);
    }

    @Test
    void aTeamMayRegisterItsOwnDomainButNotTakeOverAnother() throws IOException {
        Path domain = customerDomain();
        assertThatThrownBy(() -> mesh.apply(List.of(domain), SAM))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("may not create domain 'customer'");
        mesh.apply(List.of(domain), CAROL);

        Path takeover = write("takeover.yaml", """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: customer}
                spec: {description: Ours now, owner_team: sales-domain-team}
                """);
        assertThatThrownBy(() -> mesh.apply(List.of(takeover), SAM))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("may not change domain 'customer'");
    }

    @Test
    void globalPoliciesAreForPlatformAdminsAndDomainPoliciesForTheDomain() throws IOException {
        mesh.apply(List.of(customerDomain()), CAROL);
        Path global = write("global.yaml", """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: audit-logging}
                spec:
                  description: All data access must be audit logged
                  enforcement: required
                  domains_applicable: [all]
                  rule: product.spec.security.audit_logging == true
                """);
        Path local = write("local.yaml", """
                apiVersion: platform/v1
                kind: DomainPolicy
                metadata: {name: profiles-complete, namespace: customer}
                spec:
                  description: Customer profiles carry a country
                  rule: product.spec.schema.columns.exists(c, c.name == 'country')
                """);

        assertThatThrownBy(() -> mesh.apply(List.of(global), CAROL))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("only platform admins");
        assertThatThrownBy(() -> mesh.apply(List.of(local), SAM)).isInstanceOf(ForbiddenException.class);
        assertThat(mesh.apply(List.of(local), CAROL).count(ChangeAction.CREATE)).isEqualTo(1);
        assertThat(mesh.apply(List.of(global), ADMIN).count(ChangeAction.CREATE)).isEqualTo(1);
        assertThat(store.current(ResourceKey.globalPolicy("audit-logging"))).isPresent();
    }

    @Test
    void aNewDomainsPoliciesAndProductsMayComeInTheSameApply() throws IOException {
        Path policy = write("customer/policy.yaml", """
                apiVersion: platform/v1
                kind: DomainPolicy
                metadata: {name: profiles-complete, namespace: customer}
                spec: {description: Customer profiles carry a country}
                """);
        ApplyPlan plan = mesh.apply(List.of(customerDomain(), policy, customerProduct("1.0.0", "")), CAROL);

        assertThat(plan.count(ChangeAction.CREATE)).isEqualTo(3);
    }

    @Test
    void theGuidesInfrastructureAppliesUnchangedAndSaysWhereItsDataLives() {
        // the sample mesh carries the guide's file byte for byte (GuideFileTest checks the copy)
        Path guide = Path.of("../examples/marketing/marketing-campaign-data.yaml");
        ApplyPlan plan = mesh.apply(List.of(guide), ADMIN);

        ProductId id = ProductId.parse("dp.marketing.marketing-campaign-data");
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.key()).isEqualTo(ResourceKey.product(id));
            assertThat(change.action()).isEqualTo(ChangeAction.CREATE);
            assertThat(change.notes()).anyMatch(note -> note.contains("s3://company-datalake/marketing/ →")
                    && note.contains("lake/s3/company-datalake/marketing/marketing-campaign-data"));
        });
        assertThat(plan.warnings()).extracting(Problem::message).anyMatch(m -> m.contains("not declared"));
        ProductDefinition definition = mesh.products().get(id).definition();
        assertThat(definition.infrastructure().processing()).hasValueSatisfying(p -> assertThat(p.engineOrDefault()).isEqualTo("spark"));
        assertThat(definition.infrastructure().quality()).hasValueSatisfying(q -> assertThat(q.checks()).hasSize(3));
        // only admins may change an undeclared domain's products
        assertThatThrownBy(() -> mesh.apply(List.of(guide), CAROL))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("not declared");
    }

    @Test
    void infrastructureAttachesToAnExistingProductAndChecksItsColumns() throws IOException {
        mesh.apply(List.of(customerDomain(), customerProduct("1.0.0", "")), CAROL);
        Path goodInfrastructure = write("infra.yaml", """
                apiVersion: platform/v1
                kind: DataProductInfrastructure
                metadata: {name: customer-360, namespace: customer}
                spec:
                  orchestration: {schedule: "0 * * * *", timeout: 10min}
                  quality:
                    checks:
                      - {name: null_percentage, column: customer_id, threshold: "< 1%"}
                """);
        // a DataProductInfrastructure named like the product's slug attaches to dp.customer.customer-360, not to the
        // explicit id dp.customer.360; so it creates a second product unless the names line up
        ApplyPlan plan = mesh.apply(List.of(goodInfrastructure), CAROL);
        assertThat(plan.changes()).singleElement().satisfies(c -> assertThat(c.key().name()).isEqualTo("dp.customer.customer-360"));

        Path badColumn = write("customer2/product.yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: accounts, namespace: customer}
                spec:
                  display_name: Accounts
                  description: Accounts
                  owner_team: customer-domain-team
                  version: 1.0.0
                  schema: {columns: [{name: account_id, type: BIGINT}]}
                """);
        mesh.apply(List.of(badColumn), CAROL);
        Path infra = write("infra2.yaml", """
                apiVersion: platform/v1
                kind: DataProductInfrastructure
                metadata: {name: accounts, namespace: customer}
                spec:
                  quality:
                    checks:
                      - {name: null_percentage, column: customer_id, threshold: "< 1%"}
                """);
        assertThatThrownBy(() -> mesh.apply(List.of(infra), CAROL))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.path()).isEqualTo("spec.quality.checks[0].column");
                            assertThat(p.message()).contains("'customer_id' is not in the output schema of dp.customer.accounts");
                        }));
    }

    @Test
    void aProductSourceMustExistAndOneBadFileStopsTheWholeApply() throws IOException {
        Path domain = customerDomain();
        Path consumer = write("customer/consumer.yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: segments, namespace: customer}
                spec:
                  display_name: Segments
                  description: Customer segments
                  owner_team: customer-domain-team
                  version: 1.0.0
                  sources:
                    - {name: orders, type: product, product: dp.sales.orders}
                """);

        assertThatThrownBy(() -> mesh.apply(List.of(domain, consumer), CAROL))
                .isInstanceOfSatisfying(InvalidDescriptorException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.path()).isEqualTo("spec.sources[0].product");
                            assertThat(p.message()).contains("'dp.sales.orders' does not exist");
                        }));
        // the valid domain of the same apply was not written either
        assertThat(store.list(ResourceKind.DOMAIN)).isEmpty();
    }
}
