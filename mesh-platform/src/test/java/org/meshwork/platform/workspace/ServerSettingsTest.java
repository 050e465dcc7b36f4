package org.meshwork.platform.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code server:} section of {@code mesh.yaml} and its environment overrides. */
class ServerSettingsTest {
    private static WorkspaceConfig parse(String text) {
        return WorkspaceConfigParser.parse("/ws/mesh.yaml", "default_user: alice\n" + text, Path.of("/ws"));
    }

    @Test
    void defaultsListenOnLoopback() {
        assertThat(parse("").server()).isEqualTo(new ServerSettings("127.0.0.1", 8080, Duration.ofSeconds(30), 2));
    }

    @Test
    void everyKeyMaps() {
        assertThat(parse("server: {host: 0.0.0.0, port: 9090, shutdown_timeout: 45s, scheduler_threads: 4}\n").server())
                .isEqualTo(new ServerSettings("0.0.0.0", 9090, Duration.ofSeconds(45), 4));
        assertThat(parse("server: {shutdown_timeout: 2m}\n").server().shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("server: {policy_interval: 30s, retention_interval: 2h}\n").server())
                .extracting(ServerSettings::policyInterval, ServerSettings::retentionInterval)
                .containsExactly(Duration.ofSeconds(30), Duration.ofHours(2));
        assertThat(parse("").server())
                .extracting(ServerSettings::policyInterval, ServerSettings::retentionInterval)
                .containsExactly(ServerSettings.POLICY_INTERVAL_DEFAULT, ServerSettings.RETENTION_INTERVAL_DEFAULT);
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsWithTheirLine() {
        assertThatThrownBy(() -> parse("server:\n  port: 9090\n  adress: 0.0.0.0\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("/ws/mesh.yaml:4: unknown key 'server.adress'; expected one of "
                        + "[host, policy_interval, port, retention_interval, scheduler_threads, shutdown_timeout]");
        assertThatThrownBy(() -> parse("server:\n  port: http\n"))
                .hasMessageStartingWith("/ws/mesh.yaml:3: server.port: ").hasMessageContaining("'http' is not a whole number");
        assertThatThrownBy(() -> parse("server: {port: 70000}\n"))
                .hasMessageStartingWith("/ws/mesh.yaml:2: server.port: port must be between 0 (any free port) and 65535");
        assertThatThrownBy(() -> parse("server: {shutdown_timeout: soon}\n"))
                .hasMessageContaining("server.shutdown_timeout 'soon' is not a duration such as 30s");
        assertThatThrownBy(() -> parse("server: {scheduler_threads: 0}\n"))
                .hasMessageContaining("scheduler_threads must be at least 1");
        assertThatThrownBy(() -> parse("server:\n  policy_interval: often\n"))
                .hasMessageStartingWith("/ws/mesh.yaml:3: server.policy_interval: ")
                .hasMessageContaining("'often' is not a duration such as 30s");
        assertThatThrownBy(() -> parse("server: {retention_interval: 0s}\n"))
                .hasMessageContaining("retention_interval must be positive");
    }

    @Test
    void environmentOverridesTheFile() {
        ServerSettings file = parse("server: {host: 10.0.0.1, port: 9090}\n").server();
        assertThat(file.withEnvironment(Map.of(ServerSettings.PORT_ENV, "7070", ServerSettings.HOST_ENV, "0.0.0.0",
                ServerSettings.SHUTDOWN_TIMEOUT_ENV, "500ms", ServerSettings.SCHEDULER_THREADS_ENV, "3")))
                .isEqualTo(new ServerSettings("0.0.0.0", 7070, Duration.ofMillis(500), 3));
        assertThat(file.withEnvironment(Map.of())).isEqualTo(file);
        assertThatThrownBy(() -> file.withEnvironment(Map.of(ServerSettings.PORT_ENV, "eighty")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("environment: MESH_SERVER_PORT 'eighty' is not a whole number");
    }
}
