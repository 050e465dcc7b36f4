package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.workspace.ServerSettings;

/**
 * Sign-in with a real OpenID Connect provider: {@code mock-oauth2-server} (NAV's OAuth2/OIDC server from Maven
 * Central, with discovery, JWKS and a token endpoint) started here, the sample customer domain applied and run (SQLite,
 * DuckDB, Delta), and {@link MeshServer} with the real authenticators, access controller and audit log. The workspace
 * trusts the provider's {@code default} issuer for audience {@code meshwork-api} and maps the provider's groups to its
 * teams; the tokens come from the provider's token endpoint over HTTP, or are minted by the provider with its own keys.
 */
class OidcApiIT {
    static final Path EXAMPLES = Path.of("../examples");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ProductId CUSTOMER = ProductId.parse("dp.customer.360");
    static final String AUDIENCE = "meshwork-api";

    @TempDir
    static Path directory;

    static MockOAuth2Server provider;
    static Mesh mesh;
    static MeshServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String base;
    static String issuer;

    @BeforeAll
    static void start() throws IOException {
        provider = new MockOAuth2Server();
        provider.start();
        issuer = provider.issuerUrl("default").toString();
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), Files.readString(EXAMPLES.resolve(".meshwork/mesh.yaml")) + """
                auditors: [audrey]
                identity:
                  oidc:
                    issuer: "%s"
                    audience: %s
                    group_teams:
                      acme-customer-engineers: customer-domain-team
                      acme-analysts: analytics-team
                    clock_skew: 5s
                """.formatted(issuer, AUDIENCE));
        mesh = Mesh.open(home, Map.of());
        mesh.apply(List.of(EXAMPLES.resolve("customer")), UserName.of("carol"));
        assertThat(mesh.run(CUSTOMER, UserName.of("carol"), RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        server = new MeshServer(GovernedServices.of(mesh),
                new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(10), 1)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (mesh != null) {
            mesh.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void aMappedGroupsTokenFromTheProvidersTokenEndpointReadsWhatItsTeamMayRead() throws Exception {
        String token = tokenFromEndpoint("dana@example.com", List.of("acme-customer-engineers"));

        JsonNode rows = ok(get("/api/v1/products/" + CUSTOMER + "/data?format=json&purpose=support", token));
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isGreaterThanOrEqualTo(10);
        assertThat(rows.get(0).has("customer_id")).isTrue();

        // the same provider, a group mapped to a team that has no grant: the token is fine, the read is not allowed
        String analyst = tokenFromEndpoint("tom@example.com", List.of("acme-analysts"));
        assertThat(get("/api/v1/products/" + CUSTOMER + "/data?format=json", analyst).statusCode()).isEqualTo(403);

        AuditEntry read = lastEntry("dana@example.com", "read");
        assertThat(read.event().outcome()).isEqualTo("allowed");
        assertThat(read.event().authenticatedBy()).contains("oidc");
        assertThat(read.event().clientAddress()).contains("127.0.0.1");
    }

    @Test
    void aTokenOfTheRealIssuerForAnotherAudienceIsRefused() throws Exception {
        String token = provider.issueToken("default", "dana", "some-other-app",
                Map.of("email", "dana@example.com", "groups", List.of("acme-customer-engineers")), 3600).serialize();

        HttpResponse<String> response = get("/api/v1/products", token);

        assertRefused(response, "not 'meshwork-api' (wrong audience)");
        AuditEntry denied = lastEntry("anonymous", "authenticate");
        assertThat(denied.event().outcome()).isEqualTo("denied");
        assertThat(denied.event().details().get("reason")).contains("wrong audience");
        assertThat(denied.event().details()).containsEntry("credential", "jwt").containsEntry("claimed_issuer", issuer);
        assertThat(denied.event().clientAddress()).contains("127.0.0.1");
    }

    @Test
    void anExpiredTokenOfTheRealIssuerIsRefused() throws Exception {
        String token = provider.issueToken("default", "dana", AUDIENCE,
                Map.of("email", "dana@example.com", "groups", List.of("acme-customer-engineers")), -120).serialize();

        assertRefused(get("/api/v1/products/" + CUSTOMER + "/data?format=json&purpose=support", token), "(expired)");
        assertThat(lastEntry("anonymous", "authenticate").event().details().get("reason")).contains("expired");
    }

    @Test
    void aTokenOfAnotherIssuerOfTheSameProviderIsRefused() throws Exception {
        // another issuer signs with other keys: the configured issuer's key set does not have them
        String token = provider.issueToken("other", "dana", AUDIENCE,
                Map.of("email", "dana@example.com"), 3600).serialize();

        assertRefused(get("/api/v1/products", token), "(unknown key id)");
    }

    @Test
    void aTamperedTokenIsRefusedAndPersonalTokensStillWork() throws Exception {
        String token = provider.issueToken("default", "tom", AUDIENCE,
                Map.of("email", "tom@example.com", "groups", List.of("acme-analysts")), 3600).serialize();
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("acme-analysts", "acme-customer-engineers");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(get("/api/v1/products/" + CUSTOMER + "/data?format=json&purpose=support", tampered),
                "signature does not verify");

        ok(get("/api/v1/products/" + CUSTOMER + "/data?format=json&purpose=support",
                tokenFromEndpoint("erin@example.com", List.of("acme-customer-engineers"))));
        String pat = mesh.access().createToken(mesh.principal(UserName.of("olivia")), UserName.of("audrey"),
                Optional.empty(), Optional.of("OidcApiIT")).text();

        JsonNode refusals = ok(get("/api/v1/audit?action=authenticate&limit=500", pat)).get("items");
        assertThat(refusals.size()).isPositive();
        for (JsonNode refusal : refusals) {
            assertThat(refusal.get("outcome").asText()).isEqualTo("denied");
            assertThat(refusal.get("client_address").asText()).isEqualTo("127.0.0.1");
            assertThat(refusal.get("authenticated_by").isNull()).isTrue();
        }
        JsonNode read = ok(get("/api/v1/audit?user=erin@example.com&action=read", pat)).get("items").get(0);
        assertThat(read.get("authenticated_by").asText()).isEqualTo("oidc");
        assertThat(read.get("client_address").asText()).isEqualTo("127.0.0.1");
        assertThat(ok(get("/api/v1/audit/verify", pat)).get("intact").asBoolean()).isTrue();
        nothingChangedByRefusals();
    }

    /** Refused credentials leave nothing but their audit entries: no token, grant or request was created. */
    static void nothingChangedByRefusals() {
        assertThat(mesh.access().tokens(mesh.principal(UserName.of("olivia")), Optional.empty()))
                .allSatisfy(token -> assertThat(token.description()).contains("OidcApiIT"));
    }

    /** A token from the provider's token endpoint over HTTP (client credentials), with the claims the IdP would add. */
    static String tokenFromEndpoint(String email, List<String> groups) throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", email, JOSEObjectType.JWT.getType(),
                List.of(AUDIENCE), Map.of("email", email, "groups", groups), 3600));
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("openid", StandardCharsets.UTF_8)
                + "&client_id=meshwork-cli&client_secret=secret";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(provider.tokenEndpointUrl("default").uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    static AuditEntry lastEntry(String actor, String action) {
        List<AuditEntry> entries = mesh.auditLog().query(new AuditQuery(Optional.empty(),
                Optional.of(UserName.of(actor)), Optional.of(action), Optional.empty(), 0, 10_000));
        assertThat(entries).as("audit entries of %s %s", actor, action).isNotEmpty();
        return entries.get(entries.size() - 1);
    }

    static void assertRefused(HttpResponse<String> response, String reason) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo("unauthenticated");
        assertThat(json(response).get("message").asText()).contains(reason);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(header -> assertThat(header)
                .startsWith("Bearer realm=\"meshwork\", error=\"invalid_token\", error_description=\"")
                .contains(reason));
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
