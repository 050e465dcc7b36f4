package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.UserName;

/** {@code mesh.yaml}'s {@code encryption} section: defaults, every key, and each mistake named with its line. */
class EncryptionSettingsTest {
    private static final Path HOME = Path.of("/ws");
    private static final String BASE = "default_user: alice\n";

    private static WorkspaceConfig parse(String text) {
        return WorkspaceConfigParser.parse("/ws/mesh.yaml", BASE + text, HOME);
    }

    @Test
    void withoutTheSectionTheWorkspaceKeyFileIsUsed() {
        EncryptionSettings settings = parse("").encryption();
        assertThat(settings.masterKeyFile()).contains(Path.of("/ws/keys/master.key"));
        assertThat(settings.masterKeyEnv()).isEmpty();
        assertThat(settings.stagingDirectory()).isEmpty();
        assertThat(settings.declared()).isFalse();
        assertThat(settings.describeSource()).contains("default master key file");
    }

    @Test
    void theDefaultConfigurationNamesTheWorkspaceKeyFile() {
        EncryptionSettings settings = WorkspaceConfigParser.parse("/ws/mesh.yaml",
                Workspace.defaultConfig(UserName.of("alice")), HOME).encryption();
        assertThat(settings.masterKeyFile()).contains(Path.of("/ws/keys/master.key"));
        assertThat(settings.declared()).isTrue();
    }

    @Test
    void everyKeyMaps() {
        EncryptionSettings env = parse("encryption: {master_key_env: MESH_MASTER_KEY, staging_dir: /dev/shm/mesh}\n")
                .encryption();
        assertThat(env).isEqualTo(new EncryptionSettings(Optional.of("MESH_MASTER_KEY"), Optional.empty(),
                Optional.of(Path.of("/dev/shm/mesh")), true));
        assertThat(env.describeSource()).isEqualTo("encryption.master_key_env (the environment variable MESH_MASTER_KEY)");
        EncryptionSettings file = parse("encryption:\n  master_key_file: secrets/master.key\n").encryption();
        assertThat(file.masterKeyFile()).contains(Path.of("/ws/secrets/master.key"));
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        assertThatThrownBy(() -> parse("encryption: {master_key_env: MESH_MASTER_KEY, cipher: aes}\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("/ws/mesh.yaml:2:").hasMessageContaining("cipher");
        assertThatThrownBy(() -> parse("encryption: {staging_dir: /dev/shm}\n"))
                .hasMessageContaining("/ws/mesh.yaml:2:").hasMessageContaining("master_key_env")
                .hasMessageContaining("master_key_file");
        assertThatThrownBy(() -> parse("encryption: {master_key_env: A, master_key_file: /k}\n"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("encryption: {master_key_env: \"not a name\"}\n"))
                .hasMessageContaining("encryption.master_key_env must name an environment variable");
    }

    @Test
    void theKeyAndPlaintextStayOutOfTheLakeAndEveryStorageRoot() {
        assertThatThrownBy(() -> parse("encryption: {master_key_file: lake/master.key}\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("/ws/mesh.yaml:2:").hasMessageContaining("inside the lake");
        assertThatThrownBy(() -> parse("storage_roots: {\"s3://\": /data/s3}\n"
                + "encryption:\n  master_key_file: /data/s3/keys/master.key\n"))
                .hasMessageContaining("/ws/mesh.yaml:4:").hasMessageContaining("storage root \"s3://\"");
        assertThatThrownBy(() -> parse("storage_roots: {\"s3://\": /data/s3}\n"
                + "encryption: {master_key_env: K, staging_dir: /data/s3/tmp}\n"))
                .hasMessageContaining("encryption.staging_dir");
    }
}
