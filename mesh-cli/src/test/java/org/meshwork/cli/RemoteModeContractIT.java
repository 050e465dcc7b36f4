package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.ServerSettings;
import org.meshwork.server.MeshServer;

/** The read commands against {@code mesh serve} over HTTP, with a bearer token; no local workspace is used. */
class RemoteModeContractIT extends ReadCommandsContract {
    private Mesh served;
    private MeshServer server;
    private Map<String, String> environment;

    @Override
    void startMode() {
        served = Mesh.open(home, Map.of());
        server = new MeshServer(services(served), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(5), 1)).start();
        // no MESH_HOME: a command that touched a local workspace would create one elsewhere and find no products
        environment = Map.of("MESH_SERVER", "http://127.0.0.1:" + server.port(), "MESH_TOKEN", "t-carol", "NO_COLOR", "1",
                "MESH_HOME", directory.resolve("elsewhere").toString());
    }

    @Override
    void stopMode() {
        server.stop();
        served.close();
    }

    @Override
    CliRun mesh(String... args) {
        // embedded mode's governed path must never be used in remote mode
        return run(new MeshCommand(environment, mesh -> {
            throw new AssertionError("remote mode used the local read path");
        }), args);
    }

    @Test
    void optionsOverrideTheEnvironmentAndBadTokensAreRefused() {
        CliRun badToken = mesh("--token", "t-wrong", "list");
        assertThat(badToken.exitCode()).as(badToken.toString()).isEqualTo(1);
        assertThat(badToken.err()).contains("the bearer token is unknown, expired or revoked");
        CliRun noServer = run(new MeshCommand(Map.of("NO_COLOR", "1"), mesh -> null),
                "--server", "http://127.0.0.1:1", "--token", "t", "list");
        assertThat(noServer.exitCode()).isEqualTo(1);
        assertThat(noServer.err()).contains("cannot connect to the server at http://127.0.0.1:1");
        CliRun noToken = run(new MeshCommand(Map.of("NO_COLOR", "1"), mesh -> null),
                "--server", "http://127.0.0.1:" + server.port(), "list");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).contains("--server needs a token");
        CliRun local = mesh("run", "dp.customer.360");
        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.err()).contains("'run' runs on a local workspace only");
        assertThat(List.of(mesh("--server", "ftp://x", "list").exitCode())).containsExactly(2);
    }
}
