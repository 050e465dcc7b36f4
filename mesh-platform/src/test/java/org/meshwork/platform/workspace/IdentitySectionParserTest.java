package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshwork.api.TeamName;
import org.meshwork.governance.identity.OidcSettings;

/** The {@code identity} section of mesh.yaml: defaults, the full key mapping, and an error with its line per mistake. */
class IdentitySectionParserTest {
    private static final String TEAMS = """
            default_user: alice
            teams:
              sales-team: {members: [alice]}
              analytics-team: {members: []}
            """;

    private static WorkspaceConfig parse(String identity) {
        return WorkspaceConfigParser.parse("/ws/mesh.yaml", TEAMS + identity, Path.of("/ws"));
    }

    @Test
    void withoutTheSectionOnlyMeshworkTokensAreAccepted() {
        assertThat(parse("").identity()).isEqualTo(IdentitySettings.defaults());
        assertThat(parse("identity: {}\n").identity().oidc()).isEmpty();
    }

    @Test
    void theDefaultsOfAnIssuer() {
        OidcSettings oidc = parse("""
                identity:
                  oidc: {issuer: "https://login.example.com/realms/acme", audience: meshwork-api}
                """).identity().oidc().orElseThrow();

        assertThat(oidc).isEqualTo(OidcSettings.of(URI.create("https://login.example.com/realms/acme"),
                "meshwork-api", Map.of()));
        assertThat(oidc.userClaim()).isEqualTo("email");
        assertThat(oidc.groupsClaim()).isEqualTo("groups");
        assertThat(oidc.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(oidc.algorithms()).doesNotContain("HS256", "none").contains("RS256", "ES256", "PS256");
    }

    @Test
    void everyKeyMapsToItsSetting() {
        OidcSettings oidc = parse("""
                identity:
                  oidc:
                    issuer: http://localhost:8080/default
                    audience: mesh
                    user_claim: preferred_username
                    groups_claim: roles
                    group_teams:
                      acme-sales: sales-team
                      acme-analysts: analytics-team
                    clock_skew: 30s
                    algorithms: [RS256, ES256]
                """).identity().oidc().orElseThrow();

        assertThat(oidc).isEqualTo(new OidcSettings(URI.create("http://localhost:8080/default"), "mesh",
                "preferred_username", "roles", Map.of("acme-sales", TeamName.of("sales-team"), "acme-analysts",
                TeamName.of("analytics-team")), Duration.ofSeconds(30), Set.of("RS256", "ES256")));
    }

    @Test
    void mistakesNameTheFileLineAndField() {
        assertError("identity:\n  oauth: {}\n", ":6: unknown key 'identity.oauth'; expected one of [oidc]");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n    audiences: x\n",
                ":8: unknown key 'identity.oidc.audiences'");
        assertError("identity:\n  oidc:\n    audience: mesh\n", ":7: identity.oidc: 'issuer' is missing");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n",
                ":7: identity.oidc: 'audience' is missing");
        assertError("identity:\n  oidc:\n    issuer: http://id.example.com\n    audience: mesh\n",
                ":7: identity.oidc: the issuer must be an https:// URL (http:// only on localhost)");
        assertError("identity:\n  oidc:\n    issuer: not a url\n    audience: mesh\n", ":7: identity.oidc.issuer");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n    audience: mesh\n"
                + "    group_teams: {acme-hr: hr-team}\n", ":9: identity.oidc.group_teams.acme-hr: team 'hr-team' is"
                + " not declared under 'teams'");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n    audience: mesh\n"
                + "    algorithms: [RS256, HS256]\n", ":9: identity.oidc.algorithms: 'HS256' is not accepted");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n    audience: mesh\n"
                + "    clock_skew: 1h\n", ":7: identity.oidc: the clock skew must be between 0s and PT5M");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n    audience: mesh\n"
                + "    clock_skew: soon\n", ":9: identity.oidc.clock_skew");
        assertError("identity:\n  oidc:\n    issuer: https://id.example.com\n    audience: ''\n",
                ":8: identity.oidc.audience is empty");
    }

    private static void assertError(String identity, String message) {
        assertThatThrownBy(() -> parse(identity)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("/ws/mesh.yaml").hasMessageContaining(message);
    }
}
