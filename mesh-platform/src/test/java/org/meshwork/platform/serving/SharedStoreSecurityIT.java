package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.access.Principal;
import org.meshwork.api.policy.PolicyViolationException;
import org.meshwork.governance.access.GrantRequest;
import org.meshwork.governance.identity.IssuedToken;
import org.meshwork.platform.Mesh;

/**
 * Two workspaces open on the same metadata store, as a running server and the CLI next to it: each has its own
 * connections and its own caches of products, policies, grants and tokens. Whatever the "CLI" changes — a grant or a
 * token revoked, a product re-applied, a policy added — the "server" applies on its very next read, although it had
 * read (and cached) the old state an instant before.
 */
class SharedStoreSecurityIT {
    private static final String PEOPLE_CSV = """
            1,ann@example.com,DE,10.00,1.5,2026-01-01 10:00:00
            2,bob@example.com,FR,20.00,2.5,2026-01-02 11:00:00
            """;

    @TempDir
    Path directory;

    private final ObjectMapper json = new ObjectMapper();
    private Mesh server;
    private Mesh cli;

    @BeforeEach
    void setUp() throws Exception {
        Path home = directory.resolve("ws");
        ServingFixture.writeWorkspace(home, "");
        Path config = home.resolve("mesh.yaml");
        Files.writeString(config, Files.readString(config).replace("environment: dev", "environment: prod"));
        cli = Mesh.open(home, Map.of());
        ServingFixture.applyProducts(cli, directory, PEOPLE_CSV);
        ServingFixture.run(cli, ServingFixture.PEOPLE);
        server = Mesh.open(home, Map.of());
    }

    @AfterEach
    void tearDown() {
        server.close();
        cli.close();
    }

    private JsonNode read(String user) throws Exception {
        Principal principal = server.principal(UserName.of(user));
        return json.readTree(ServingFixture.write(server.data().read(principal, ServingFixture.PEOPLE,
                DataRequestParser.parse(ServingFixture.query("order=id", "select=id,email")), RequestContext.local()),
                ResultFormat.JSON));
    }

    private Principal cliAdmin() {
        return cli.principal(ServingFixture.ADMIN);
    }

    @Test
    void aGrantRevokedByAnotherProcessTakesEffectOnTheNextRead() throws Exception {
        String grant = cli.access().grant(cliAdmin(), ServingFixture.PEOPLE, new GrantRequest(Grantee.parse("user:ana"),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), true)).id();
        for (int i = 0; i < 2; i++) {
            assertThat(read("ana").get(0).get("email").asText()).isEqualTo("ann@example.com");
        }
        cli.access().revoke(cliAdmin(), grant);
        JsonNode after = read("ana");
        assertThat(after.toString()).doesNotContain("@example.com");
        assertThat(after.get(0).get("email").asText()).hasSize(64);
    }

    @Test
    void aTokenRevokedByAnotherProcessNoLongerAuthenticates() {
        IssuedToken token = cli.access().createToken(cliAdmin(), UserName.of("ana"), Optional.empty(), Optional.empty());
        for (int i = 0; i < 2; i++) {
            assertThat(server.authenticator().authenticate(token.text())).map(Principal::name)
                    .contains(UserName.of("ana"));
        }
        cli.access().revokeToken(cliAdmin(), token.stored().id());
        assertThat(server.authenticator().authenticate(token.text())).isEmpty();
    }

    /**
     * The server reads the store revision once per request ({@link Mesh#readScope()}): a request sees the store as of
     * its start, its own writes at once, and another process's change from the next request on.
     */
    @Test
    void aRequestScopeSeesItsOwnWritesAtOnceAndOtherProcessesChangesFromTheNextRequest() {
        IssuedToken token = cli.access().createToken(cliAdmin(), UserName.of("ana"), Optional.empty(), Optional.empty());
        try (Mesh.ReadScope request = server.readScope()) {
            assertThat(server.authenticator().authenticate(token.text())).isPresent();
            cli.access().revokeToken(cliAdmin(), token.stored().id());
            assertThat(server.authenticator().authenticate(token.text())).as("the request began before the revocation")
                    .isPresent();
            IssuedToken own = server.access().createToken(server.principal(ServingFixture.ADMIN), UserName.of("luke"),
                    Optional.empty(), Optional.empty());
            assertThat(server.authenticator().authenticate(own.text())).as("its own write").isPresent();
            assertThat(server.authenticator().authenticate(token.text())).as("read again after its own write")
                    .isEmpty();
        }
        try (Mesh.ReadScope next = server.readScope()) {
            assertThat(server.authenticator().authenticate(token.text())).isEmpty();
        }
    }

    @Test
    void aProductReappliedByAnotherProcessIsDecidedOnItsNewVersion() throws Exception {
        assertThat(read("ana")).hasSize(2);
        assertThat(read("ana")).hasSize(2);
        Path products = directory.resolve("lab/products.yaml");
        Files.writeString(products, Files.readString(products)
                .replace("sensitivity_level: internal", "sensitivity_level: confidential"));
        cli.apply(List.of(products), ServingFixture.ADMIN);
        assertThatThrownBy(() -> read("ana")).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("confidential");
    }

    @Test
    void aPolicyAddedByAnotherProcessGatesTheNextRead() throws Exception {
        assertThat(read("olivia")).hasSize(2);
        assertThat(read("olivia")).hasSize(2);
        Path policy = directory.resolve("purpose-policy.yaml");
        Files.writeString(policy, """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: purpose-stated}
                spec:
                  description: every read states its purpose
                  enforcement: required
                  stage: access
                  rule: "has(access.purpose)"
                  message: state a purpose
                """);
        cli.apply(List.of(policy), ServingFixture.ADMIN);
        assertThatThrownBy(() -> read("olivia")).isInstanceOf(PolicyViolationException.class)
                .hasMessageContaining("purpose-stated");
    }
}
