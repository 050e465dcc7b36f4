package org.meshwork.cli;

import java.util.Map;

/** The read commands on the local workspace, as the acting user. */
class EmbeddedModeContractIT extends ReadCommandsContract {
    private Map<String, String> environment;

    @Override
    void startMode() {
        environment = Map.of("MESH_HOME", home.toString(), "MESH_USER", "carol", "NO_COLOR", "1");
    }

    @Override
    void stopMode() {}

    @Override
    CliRun mesh(String... args) {
        return run(new MeshCommand(environment, this::services), args);
    }
}
