package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.ServerSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * spec/openapi.yaml and the server agree: the set of method + path templates registered with Javalin equals the set
 * the spec describes, so a route added without its spec entry (or a spec entry without its route) fails the build.
 * The spec describes the machine interface — {@code /api/...}, {@code /health}, {@code /ready}, {@code /metrics}; the
 * web UI's HTML pages (everything else) are not part of it.
 */
class OpenApiAgreementIT {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

    @TempDir
    Path directory;

    @Test
    void everyRegisteredRouteIsInTheSpecAndEverySpecRouteIsRegistered() throws IOException {
        Set<String> spec = specRoutes();
        Set<String> server = new TreeSet<>();
        try (Mesh mesh = Mesh.open(directory.resolve("ws"), Map.of());
                MeshServer running = new MeshServer(new ServerServices(mesh, new InMemoryDataService(),
                        FakeAccess.tokens(Map.of()), FakeAccess.hiding(Set.of(), Set.of()), new MinimalRequestParser()),
                        new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(1), 1)).start()) {
            running.registeredRoutes().stream().filter(route -> isApi(route.path()))
                    .forEach(route -> server.add(route.method().toUpperCase(Locale.ROOT) + " " + route.path()));
        }
        assertThat(server).as("routes registered in the server").hasSizeGreaterThan(10);
        assertThat(new TreeSet<>(server)).as("server routes missing from spec/openapi.yaml").isSubsetOf(spec);
        assertThat(new TreeSet<>(spec)).as("spec/openapi.yaml routes the server lacks").isSubsetOf(server);
    }

    private static boolean isApi(String path) {
        return path.startsWith(MeshServer.API + "/") || Set.of("/health", "/ready", "/metrics").contains(path);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> specRoutes() throws IOException {
        Map<String, Object> document = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("../spec/openapi.yaml")));
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        Set<String> routes = new TreeSet<>();
        Map<String, Object> paths = (Map<String, Object>) document.get("paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }
}
