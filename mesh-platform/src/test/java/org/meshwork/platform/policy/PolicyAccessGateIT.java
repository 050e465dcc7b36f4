package org.meshwork.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.policy.PolicyLab.ADMIN;
import static org.meshwork.platform.policy.PolicyLab.CAROL;
import static org.meshwork.platform.policy.PolicyLab.EVENTS;
import static org.meshwork.platform.policy.PolicyLab.SAM;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.policy.PolicyViolationException;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.serving.DataRequestParser;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;

/**
 * The access gate wired where it matters: {@link org.meshwork.platform.Mesh#accessController()} (and so the governed
 * read path behind {@code mesh get}, {@code mesh query} and the REST data and SQL endpoints) refuses a read that fails
 * a required {@code access}-stage policy, names the policy, and audits the refusal; a recommended one does not block.
 */
class PolicyAccessGateIT {
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
        mesh.apply(List.of(lab.product(""),
                lab.policy("purpose-stated", "required", "access", "has(access.purpose)"),
                lab.policy("few-columns", "recommended", "access", "size(access.columns) <= 1")), ADMIN);
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
        mesh.apply(List.of(lab.product("  sensitivity_level: public\n"),
                lab.policy("lab-only", "required", "access", "'lab-team' in principal.teams")), ADMIN);
        mesh.run(EVENTS, CAROL, RunProgress.NONE);

        assertThat(read(mesh.principal(CAROL), Optional.empty())).contains("query");
        assertThatThrownBy(() -> read(mesh.principal(SAM), Optional.empty()))
                .isInstanceOf(PolicyViolationException.class).hasMessageContaining("lab-only");
    }
}
