package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh keys status|rotate|generate} end to end on the sample mesh, whose products all declare encryption at
 * rest: the workspace's own key file is created on first use, rotation re-wraps every data key, and the workspace
 * then reads only with the new key.
 */
class KeysCommandIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Path workspace;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), workspace.resolve("mesh.yaml"));
        environment = new HashMap<>(Map.of("MESH_HOME", workspace.toString(), "NO_COLOR", "1"));
        CliRun apply = mesh("apply", "-f", EXAMPLES.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        CliRun run = mesh("run", "dp.product.catalog", "--as", "priya");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    private CliRun mesh(String... args) {
        return CliRun.of(environment, args);
    }

    @Test
    void theSampleMeshIsEncryptedWithTheWorkspaceKeyAndRotates() throws Exception {
        Path keyFile = workspace.resolve("keys/master.key");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        CliRun status = mesh("keys", "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode keys = JSON.readTree(status.out());
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("product").asText()).isEqualTo("dp.product.catalog");
        String oldId = keys.get(0).get("master_key_id").asText();
        assertThat(status.out()).doesNotContain(Files.readString(keyFile).strip());

        CliRun denied = mesh("keys", "rotate", "--to-env", "NEW_KEY", "--as", "priya");
        assertThat(denied.exitCode()).as(denied.toString()).isNotZero();

        Path newKey = directory.resolve("secrets/new.key");
        CliRun generate = mesh("keys", "generate", "--file", newKey.toString());
        assertThat(generate.exitCode()).as(generate.toString()).isZero();
        assertThat(generate.out()).contains("wrote master key mk-");
        CliRun again = mesh("keys", "generate", "--file", newKey.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);
        assertThat(again.err()).contains("never overwritten");

        environment.put("NEW_KEY", Files.readString(newKey, StandardCharsets.US_ASCII).strip());
        CliRun rotate = mesh("keys", "rotate", "--to-env", "NEW_KEY", "--json");
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        JsonNode rotated = JSON.readTree(rotate.out());
        assertThat(rotated.get("from").asText()).isEqualTo(oldId);
        String newId = rotated.get("to").asText();
        assertThat(newId).isNotEqualTo(oldId);

        // the workspace still names the old key file: reads now fail, naming both keys
        CliRun stale = mesh("preview", "dp.product.catalog", "--as", "priya");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(2);
        assertThat(stale.err()).contains("wrapped by master key " + newId);

        Files.writeString(workspace.resolve("mesh.yaml"), Files.readString(workspace.resolve("mesh.yaml"))
                .replace("master_key_file: keys/master.key", "master_key_env: NEW_KEY"));
        CliRun preview = mesh("preview", "dp.product.catalog", "--as", "priya");
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        CliRun audit = mesh("audit", "--action", "keys.rotate", "--json");
        assertThat(audit.out()).contains("keys.rotate").contains(newId);
    }
}
