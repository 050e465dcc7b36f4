package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.meshwork.api.Environment;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.junit.jupiter.api.Test;

class WorkspaceConfigParserTest {
    private static final Path HOME = Path.of("/ws");

    private static WorkspaceConfig parse(String text) {
        return WorkspaceConfigParser.parse("/ws/mesh.yaml", text, HOME);
    }

    @Test
    void defaultConfigurationParses() {
        WorkspaceConfig config = parse(Workspace.defaultConfig(UserName.of("alice")));

        assertThat(config.environment()).isEqualTo(Environment.DEV);
        assertThat(config.defaultUser()).isEqualTo(UserName.of("alice"));
        assertThat(config.isPlatformAdmin(UserName.of("alice"))).isTrue();
        assertThat(config.storageRootFor("s3://bucket/x")).map(StorageRoot::directory).contains(Path.of("/ws/lake/s3"));
        assertThat(config.engine().memoryLimit()).isEqualTo("4GB");
        assertThat(config.engine().threads()).isEqualTo(2);
        assertThat(config.engine().tempDirectory()).isEqualTo(Path.of("/ws/tmp"));
    }

    @Test
    void fullConfigurationMapsEveryKey() {
        WorkspaceConfig config = parse("""
                environment: prod
                default_user: bob
                platform_admins: [root-admin]
                teams:
                  sales-team: {members: [bob, sue], description: Sales}
                  empty-team: {}
                storage_roots:
                  "s3://": /data/s3
                  "s3://special/": special
                engine: {memory_limit: 512MB, threads: 3, temp_directory: /scratch}
                """);

        assertThat(config.environment()).isEqualTo(Environment.PROD);
        assertThat(config.isMember(UserName.of("sue"), TeamName.of("sales-team"))).isTrue();
        assertThat(config.isMember(UserName.of("sue"), TeamName.of("empty-team"))).isFalse();
        assertThat(config.teamsOf(UserName.of("bob"))).containsExactly(TeamName.of("sales-team"));
        assertThat(config.isPlatformAdmin(UserName.of("bob"))).isFalse();
        // the longest matching prefix wins
        assertThat(config.storageRootFor("s3://special/a")).map(StorageRoot::directory).contains(Path.of("/ws/special"));
        assertThat(config.storageRootFor("s3://other/a")).map(StorageRoot::directory).contains(Path.of("/data/s3"));
        assertThat(config.storageRootFor("gs://x")).isEmpty();
        assertThat(config.engine()).isEqualTo(new EngineSettings("512MB", 3, Path.of("/scratch")));
    }

    @Test
    void unknownKeyIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nenviroment: prod\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("/ws/mesh.yaml:2")
                .hasMessageContaining("unknown key 'enviroment'");
    }

    @Test
    void unknownNestedKeyNamesItsPath() {
        assertThatThrownBy(() -> parse("default_user: bob\nengine:\n  threads: 2\n  memory: 1GB\n"))
                .hasMessageContaining(":4")
                .hasMessageContaining("unknown key 'engine.memory'");
    }

    @Test
    void invalidValuesAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nenvironment: production\n"))
                .hasMessageContaining(":2").hasMessageContaining("not one of dev, staging, prod");
        assertThatThrownBy(() -> parse("default_user: Bob Smith\n"))
                .hasMessageContaining(":1").hasMessageContaining("user name 'Bob Smith' is not valid");
        assertThatThrownBy(() -> parse("default_user: bob\nengine: {threads: 0}\n"))
                .hasMessageContaining(":2").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse("default_user: bob\nengine: {threads: many}\n"))
                .hasMessageContaining("engine.threads");
        assertThatThrownBy(() -> parse("default_user: bob\nengine: {memory_limit: lots}\n"))
                .hasMessageContaining("is not a size");
        assertThatThrownBy(() -> parse("default_user: bob\nteams: [a, b]\n"))
                .hasMessageContaining("teams must be a mapping");
    }

    @Test
    void missingDefaultUserAndEmptyFileAreErrors() {
        assertThatThrownBy(() -> parse("environment: dev\n")).hasMessageContaining("'default_user' is missing");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("is empty");
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysNameTheLine() {
        assertThatThrownBy(() -> parse("default_user: bob\nteams: {a: [\n"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("/ws/mesh.yaml:");
        assertThatThrownBy(() -> parse("default_user: bob\ndefault_user: sue\n"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("duplicate");
    }
}
