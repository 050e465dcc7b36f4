package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.meshwork.api.UserName;

/** The identity keys of {@code mesh.yaml}: {@code auditors} and {@code service_accounts}, strict like the rest. */
class IdentityConfigTest {

    private static WorkspaceConfig parse(String text) {
        return WorkspaceConfigParser.parse("/ws/mesh.yaml", text, Path.of("/ws"));
    }

    @Test
    void auditorsAndServiceAccountsAreRead() {
        WorkspaceConfig config = parse("""
                default_user: alice
                platform_admins: [root]
                auditors: [audrey, ann]
                service_accounts:
                  svc-etl: {description: nightly loads}
                  svc-bi:
                teams:
                  sales-team: {members: [alice, svc-etl]}
                """);
        assertThat(config.auditors()).containsExactlyInAnyOrder(UserName.of("audrey"), UserName.of("ann"));
        assertThat(config.serviceAccounts()).containsExactlyInAnyOrder(UserName.of("svc-etl"), UserName.of("svc-bi"));
    }

    @Test
    void theDefaultsAreEmpty() {
        WorkspaceConfig config = parse(Workspace.defaultConfig(UserName.of("alice")));
        assertThat(config.auditors()).isEmpty();
        assertThat(config.serviceAccounts()).isEmpty();
    }

    @Test
    void mistakesNameTheFileLineAndKey() {
        assertThatThrownBy(() -> parse("default_user: a\nauditors: audrey\n"))
                .hasMessage("/ws/mesh.yaml:2: auditors must be a list");
        assertThatThrownBy(() -> parse("default_user: a\nauditors: [audrey, audrey]\n"))
                .hasMessage("/ws/mesh.yaml:2: auditors: 'audrey' is listed twice");
        assertThatThrownBy(() -> parse("default_user: a\nauditors: [Audrey!]\n"))
                .hasMessageStartingWith("/ws/mesh.yaml:2: auditors: user name 'Audrey!' is not valid");
        assertThatThrownBy(() -> parse("default_user: a\nservice_accounts:\n  svc-etl: {owner: bob}\n"))
                .hasMessage("/ws/mesh.yaml:3: unknown key 'service_accounts.svc-etl.owner'; expected one of [description]");
        assertThatThrownBy(() -> parse("default_user: a\nservice_accounts: [svc-etl]\n"))
                .hasMessage("/ws/mesh.yaml:2: service_accounts must be a mapping of keys to values");
        assertThatThrownBy(() -> parse("default_user: a\nplatform_admins: [svc]\nservice_accounts: {svc: {}}\n"))
                .hasMessage("/ws/mesh.yaml:2: platform_admins: 'svc' is a service account; platform admins must be people");
        assertThatThrownBy(() -> parse("default_user: a\nauditor: [x]\n"))
                .hasMessageStartingWith("/ws/mesh.yaml:2: unknown key 'auditor'");
    }
}
