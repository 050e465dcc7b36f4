package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens, grants, access requests and the audit log through the real {@code mesh} command (in process) on a real
 * workspace: SQLite metadata, DuckDB runs. Tampering is done with plain SQL on {@code meta.db}, and {@code mesh audit
 * verify} must name the first bad entry.
 */
class AccessCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            environment: prod
            default_user: root
            platform_admins: [root]
            auditors: [audrey]
            teams:
              lab-team: {members: [alice]}
              analytics-team: {members: [carol]}
            """;

    @TempDir
    Path directory;

    private Path workspace;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(workspace.resolve("mesh.yaml"), CONFIG);
    }

    private CliRun mesh(String user, String... args) {
        Map<String, String> environment = new HashMap<>(Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1"));
        environment.put("MESH_USER", user);
        return CliRun.of(environment, args);
    }

    private CliRun ok(String user, String... args) {
        CliRun run = mesh(user, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private JsonNode json(String user, String... args) throws IOException {
        return JSON.readTree(ok(user, args).out());
    }

    @Test
    void requestApproveGrantRevokeAndEveryStepIsAudited() throws Exception {
        ok("alice", "apply", "-f", descriptors().toString());

        // a consumer asks; the owners see it, a stranger may not decide it, an owner approves
        JsonNode request = json("carol", "access", "request", "dp.lab.events", "--purpose", "churn model",
                "--columns", "event_id,email", "--json");
        String requestId = request.get("id").asText();
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(ok("alice", "access", "pending").out()).contains(requestId, "carol", "churn model");
        assertThat(ok("carol", "access", "pending").out()).contains("No pending access requests");
        CliRun refused = mesh("carol", "access", "approve", requestId);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("user 'carol' may not approve requests for product 'dp.lab.events'");
        assertThat(ok("alice", "access", "approve", requestId, "--reason", "fine").out())
                .contains("Approved " + requestId + ": carol may read dp.lab.events (grant g-");
        JsonNode mine = json("carol", "access", "list", "--json");
        assertThat(mine.get(0).get("status").asText()).isEqualTo("approved");
        String requestGrant = mine.get(0).get("grant").asText();
        CliRun twice = mesh("alice", "access", "deny", requestId, "--reason", "changed my mind");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("was approved already by alice");

        // a direct grant with columns, a row filter, an expiry and PII clearance
        JsonNode grant = json("alice", "grant", "dp.lab.events", "--to", "team:analytics-team", "--columns",
                "event_id,kind", "--where", "kind = 'login' AND event_id >= 2", "--expires", "30d", "--pii", "--json");
        assertThat(grant.get("row_filter_text").asText()).isEqualTo("kind eq 'login' AND event_id gte '2'");
        assertThat(grant.get("pii").asBoolean()).isTrue();
        assertThat(grant.get("expires_at").isNull()).isFalse();
        String grantId = grant.get("id").asText();
        JsonNode grants = json("alice", "grants", "dp.lab.events", "--json");
        assertThat(grants).extracting(node -> node.get("id").asText()).containsExactlyInAnyOrder(requestGrant, grantId);

        CliRun badFilter = mesh("alice", "grant", "dp.lab.events", "--to", "team:analytics-team", "--where",
                "kind = login");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).contains("--where \"kind = login\": at position 8: expected a value");
        CliRun badTeam = mesh("alice", "grant", "dp.lab.events", "--to", "team:ghosts");
        assertThat(badTeam.exitCode()).isEqualTo(2);
        assertThat(badTeam.err()).contains("team 'ghosts' is not declared in mesh.yaml");
        CliRun notOwner = mesh("carol", "grant", "dp.lab.events", "--to", "user:carol");
        assertThat(notOwner.exitCode()).isEqualTo(1);
        assertThat(json("alice", "grants", "dp.lab.events", "--json")).hasSize(2);

        assertThat(ok("alice", "revoke", grantId).out()).contains("Revoked grant " + grantId);
        assertThat(mesh("alice", "revoke", grantId).exitCode()).isEqualTo(2);

        // auto-approval: internal data, any team, with a purpose
        assertThat(ok("carol", "access", "request", "dp.lab.open", "--purpose", "dashboards").out())
                .contains("was approved at once (auto-approved by rule 1");
        // a denial with a reason
        String second = json("carol", "access", "request", "dp.lab.events", "--purpose", "more", "--json")
                .get("id").asText();
        assertThat(mesh("alice", "access", "deny", second).exitCode()).isEqualTo(2);
        ok("alice", "access", "deny", second, "--reason", "one grant is enough");
        assertThat(json("carol", "access", "list", "--json").get(0).get("reason").asText())
                .isEqualTo("one grant is enough");

        ok("alice", "run", "dp.lab.events");
        assertThat(mesh("carol", "run", "dp.lab.events").exitCode()).isEqualTo(1);

        // the audit log: auditors and admins only
        CliRun notAuditor = mesh("alice", "audit");
        assertThat(notAuditor.exitCode()).isEqualTo(1);
        assertThat(notAuditor.err()).contains("may not read the audit log");
        JsonNode entries = json("audrey", "audit", "--product", "dp.lab.events", "--json");
        List<String> actions = new ArrayList<>();
        entries.forEach(entry -> actions.add(entry.get("actor").asText() + " " + entry.get("action").asText() + " "
                + entry.get("outcome").asText()));
        assertThat(actions).containsExactly(
                "alice apply allowed",
                "carol request_access allowed",
                "carol approve denied",
                "alice approve allowed",
                "alice grant allowed",
                "carol grant denied",
                "alice revoke allowed",
                "carol request_access allowed",
                "alice deny allowed",
                "alice run allowed",
                "carol run denied");
        assertThat(entries.get(4).get("details").get("row_filter").asText()).isEqualTo("kind eq 'login' AND event_id gte '2'");
        assertThat(entries.get(9).get("details").get("status").asText()).isEqualTo("succeeded");
        assertThat(json("audrey", "audit", "--user", "carol", "--action", "request_access", "--json")).hasSize(3);
        assertThat(json("audrey", "audit", "--since", "1h", "--limit", "2", "--after", "1", "--json"))
                .extracting(node -> node.get("sequence").asLong()).containsExactly(2L, 3L);
        assertThat(mesh("audrey", "audit", "--since", "yesterday").exitCode()).isEqualTo(2);
        CliRun verify = ok("audrey", "audit", "verify");
        assertThat(verify.out()).startsWith("Audit log intact: ");
        // the auditor reads no data and decides nothing
        assertThat(mesh("audrey", "access", "request", "dp.lab.open", "--purpose", "x").exitCode()).isEqualTo(1);
    }

    @Test
    void tokensArePrintedOnceAndOnlyTheirHashIsStored() throws Exception {
        CliRun created = ok("carol", "token", "create", "--expires", "30d", "--description", "laptop");
        String token = created.out().lines().filter(line -> line.startsWith("mwt_")).findFirst().orElseThrow();
        String id = token.substring(4, 16);
        assertThat(created.out()).contains("Token " + id + " for carol, expires ");
        CliRun forOther = mesh("carol", "token", "create", "--user", "alice");
        assertThat(forOther.exitCode()).isEqualTo(1);
        assertThat(forOther.err()).contains("user 'carol' may not create a token for user 'alice'");
        ok("root", "token", "create", "--user", "alice");

        JsonNode mine = json("carol", "token", "list", "--json");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("id").asText()).isEqualTo(id);
        assertThat(mine.toString()).doesNotContain(token.substring(17));
        assertThat(json("root", "token", "list", "--json")).hasSize(2);

        String secret = token.substring(17);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + workspace.resolve("meta.db"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM access_tokens")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    assertThat(String.valueOf(rows.getObject(i))).doesNotContain(secret);
                }
            }
        }
        assertThat(Files.readAllBytes(workspace.resolve("meta.db"))).asString().doesNotContain(secret);

        assertThat(mesh("alice", "token", "revoke", id).exitCode()).isEqualTo(1);
        ok("carol", "token", "revoke", id);
        assertThat(json("carol", "token", "list", "--json").get(0).get("revoked_at").isNull()).isFalse();
        JsonNode audit = json("audrey", "audit", "--json");
        List<String> actions = new ArrayList<>();
        audit.forEach(entry -> actions.add(entry.get("actor").asText() + " " + entry.get("action").asText() + " "
                + entry.get("outcome").asText()));
        assertThat(actions).containsExactly("carol token_create allowed", "carol token_create denied",
                "root token_create allowed", "alice token_revoke denied", "carol token_revoke allowed");
    }

    @Test
    void verifyNamesAChangedEntry() throws Exception {
        auditedWorkspace();
        tamper("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 2");
        assertTampered(2, "entry 2 was changed");
    }

    @Test
    void verifyNamesARemovedEntry() throws Exception {
        auditedWorkspace();
        tamper("DELETE FROM audit_log WHERE sequence = 3");
        assertTampered(3, "entry 3 is missing (removed)");
    }

    @Test
    void verifyNamesSwappedEntries() throws Exception {
        auditedWorkspace();
        tamper("UPDATE audit_log SET sequence = -1 WHERE sequence = 2");
        tamper("UPDATE audit_log SET sequence = 2 WHERE sequence = 3");
        tamper("UPDATE audit_log SET sequence = 3 WHERE sequence = -1");
        assertTampered(2, "entry 2 was changed");
    }

    private void auditedWorkspace() throws IOException {
        ok("alice", "apply", "-f", descriptors().toString());
        ok("carol", "access", "request", "dp.lab.events", "--purpose", "a");
        ok("root", "grant", "dp.lab.events", "--to", "user:carol");
        ok("carol", "access", "request", "dp.lab.open", "--purpose", "b");
        JsonNode verify = json("audrey", "audit", "verify", "--json");
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(7);
    }

    private void tamper(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + workspace.resolve("meta.db"));
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private void assertTampered(long sequence, String problem) throws IOException {
        CliRun verify = mesh("audrey", "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.out()).contains("Audit log TAMPERED: first bad entry " + sequence + ": ").contains(problem);
        JsonNode json = JSON.readTree(mesh("audrey", "audit", "verify", "--json").out());
        assertThat(json.get("intact").asBoolean()).isFalse();
        assertThat(json.get("first_bad_sequence").asLong()).isEqualTo(sequence);
    }

    private Path descriptors() throws IOException {
        Path dir = Files.createDirectories(directory.resolve("lab"));
        Files.writeString(dir.resolve("events.csv"), "event_id,kind,email\n1,login,a@x.io\n2,query,b@x.io\n3,login,c@x.io\n");
        Files.writeString(dir.resolve("lab.yaml"), """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {description: Lab, owner_team: lab-team}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: confidential
                  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR, email: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind, email FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                      - {name: email, type: VARCHAR, classification: pii, mask: hash}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: open, namespace: lab}
                spec:
                  description: Lab events, open to every team
                  owner_team: lab-team
                  version: 1.0.0
                  sensitivity_level: internal
                  access:
                    auto_approve:
                      - {max_sensitivity: internal, require_purpose: true, expires: 90d}
                  sources:
                    - {name: events, type: csv, path: events.csv, options: {header: true}, columns: {event_id: BIGINT NOT NULL, kind: VARCHAR, email: VARCHAR}}
                  transform: {sql: "SELECT event_id, kind FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: kind, type: VARCHAR}
                """);
        return dir;
    }
}
