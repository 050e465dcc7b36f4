package org.meshwork.platform.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
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
import org.meshwork.platform.serving.DataRequestParser;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The access gate wired where it matters: {@link org.meshwork.platform.Mesh#accessController()} (and so the governed
 * read path behind {@code mesh get}, {@code mesh query} and the REST data and SQL endpoints) refuses a read that fails
 * a required {@code access}-stage policy, names the policy, and audits the refusal; a recommended one does not block.
 */
class PolicyAccessGateIT {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final UserName CAROL = UserName.of("carol");
    private static final UserName SAM = UserName.of("sam");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");

    @TempDir
    Path directory;

    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                environment: dev
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [carol]}
                  sales-domain-team: {members: [sam]}
                """);
        mesh = Mesh.open(home, Map.of());
        Files.writeString(directory.resolve("events.csv"), "event_id,kind\n1,login\n2,query\n3,query\n");
        mesh.apply(List.of(write("domains.yaml", """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {description: Lab, owner_team: lab-team}
                ---
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: sales}
                spec: {description: Sales, owner_team: sales-domain-team}
                """)), ADMIN);
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private Path write(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path product(String extraSpec) throws IOException {
        return write("events.yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  sources:
                    - {name: events, type: csv, path: events.csv, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                """ + extraSpec);
    }

    private Path policy(String name, String enforcement, String stage, String rule) throws IOException {
        return write(name + ".yaml", """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: %s}
                spec:
                  description: test policy %s
                  enforcement: %s
                  stage: %s
                  rule: "%s"
                  message: %s says no
                """.formatted(name, name, enforcement, stage, rule, name));
    }

    private String read(Principal principal, Optional<String> purpose) throws IOException {
        try (ResultStream result = mesh.data().read(principal, EVENTS, DataRequestParser.parse(Map.of()),
                new RequestContext(purpose, Optional.of("127.0.0.1")))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            result.writeTo(ResultFormat.CSV, out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aFailingRequiredAccessPolicyRefusesTheReadAndIsAudited() throws IOException {
        mesh.apply(List.of(product(""),
                policy("purpose-stated", "required", "access", "has(access.purpose)"),
                policy("few-columns", "recommended", "access", "size(access.columns) <= 1")), ADMIN);
        assertThat(mesh.run(EVENTS, CAROL, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        Principal owner = mesh.principal(CAROL);

        assertThatThrownBy(() -> read(owner, Optional.empty()))
                .isInstanceOfSatisfying(PolicyViolationException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.POLICY_VIOLATION);
                    assertThat(e.violations()).extracting(r -> r.policy().key()).containsExactly("purpose-stated");
                })
                .hasMessageContaining("read of dp.lab.events by carol refused by 1 required policy")
                .hasMessageContaining("purpose-stated");
        assertThatThrownBy(() -> mesh.accessController().authorizeRead(owner, EVENTS, Optional.empty()))
                .isInstanceOf(PolicyViolationException.class);

        // with a purpose the required policy passes; the recommended one only warns
        assertThat(read(owner, Optional.of("incident review"))).contains("event_id,kind").contains("login");

        List<AuditEntry> reads = mesh.auditLog().query(new AuditQuery(Optional.of(EVENTS), Optional.of(CAROL),
                Optional.of("read"), Optional.empty(), 0, 100));
        assertThat(reads).extracting(entry -> entry.event().outcome()).containsExactly("denied", "allowed");
        assertThat(reads.get(0).event().details().get("error")).contains("purpose-stated");
    }

    @Test
    void theGateIsPerPrincipal() throws IOException {
        mesh.apply(List.of(product("  sensitivity_level: public\n"),
                policy("lab-only", "required", "access", "'lab-team' in principal.teams")), ADMIN);
        mesh.run(EVENTS, CAROL, RunProgress.NONE);

        assertThat(read(mesh.principal(CAROL), Optional.empty())).contains("query");
        assertThatThrownBy(() -> read(mesh.principal(SAM), Optional.empty()))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("lab-only");
    }
}
