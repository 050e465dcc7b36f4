package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.ServerSettings;

/** Stopping the server lets a request that is being answered finish, and refuses new connections meanwhile. */
class GracefulShutdownIT {
    private static final ProductId SLOW = MeshServerIT.CUSTOMER;

    @TempDir
    Path directory;

    /** Every request of these tests is bounded: a server that does not answer fails the test instead of hanging it. */
    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void anInFlightRequestFinishesWhileTheServerStops() throws Exception {
        InMemoryDataService data = new InMemoryDataService()
                .generated(SLOW, List.of("n"), 1000, i -> List.of(i));
        CountDownLatch gate = new CountDownLatch(1);
        data.gate = gate;
        // the product must exist in the mesh too: the server looks it up before it asks the read path
        try (Mesh mesh = Mesh.open(directory.resolve("ws"), Map.of())) {
            java.nio.file.Files.copy(MeshServerIT.EXAMPLES.resolve(".meshwork/mesh.yaml"), mesh.workspace().home().resolve("mesh.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (Mesh mesh = Mesh.open(directory.resolve("ws"), Map.of())) {
            mesh.apply(List.of(MeshServerIT.EXAMPLES.resolve("customer")), org.meshwork.api.UserName.of("carol"));
            MeshServer server = new MeshServer(new ServerServices(mesh, data,
                    FakeAccess.tokens(Map.of("t", MeshServerIT.principal("olivia", "platform-team"))),
                    FakeAccess.hiding(Set.of(), Set.of()), new MinimalRequestParser()),
                    new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(20), 1)).start();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/products/dp.customer.360/data?format=csv");
            HttpClient http = client();
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(uri).header("Authorization", "Bearer t").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(data.reachedGate.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            // the listening socket closes first: a new client cannot connect while the old request is still running
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try {
                    client().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    Thread.sleep(20);
                } catch (ConnectException e) {
                    refused = true;
                } catch (IOException e) {
                    refused = e.getCause() instanceof ConnectException;
                }
            }
            assertThat(refused).as("new connections are refused while stopping").isTrue();
            assertThat(stopping).isNotDone();
            assertThat(server.inFlight()).isEqualTo(1);

            gate.countDown();
            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().lines().count()).isEqualTo(1001);
            stopping.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> client().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aPortInUseIsAConfigurationErrorNamingTheAddress() throws Exception {
        try (Mesh mesh = Mesh.open(directory.resolve("ws2"), Map.of());
                java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            MeshServer server = new MeshServer(new ServerServices(mesh, new InMemoryDataService(),
                    FakeAccess.tokens(Map.of()), FakeAccess.hiding(Set.of(), Set.of()), new MinimalRequestParser()),
                    new ServerSettings("127.0.0.1", taken.getLocalPort(), Duration.ofSeconds(1), 1));
            assertThatThrownBy(server::start)
                    .isInstanceOf(org.meshwork.api.MeshException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .satisfies(e -> assertThat(((org.meshwork.api.MeshException) e).errorCode())
                            .isEqualTo(org.meshwork.api.ErrorCode.INVALID_CONFIGURATION));
            server.stop();
        }
    }

    @Test
    void aFailureAfterTheBodyStartedBreaksTheResponseInsteadOfEndingItCleanly() throws Exception {
        InMemoryDataService data = new InMemoryDataService()
                .generated(SLOW, List.of("n", "padding"), 100_000, i -> List.of(i, "x".repeat(100)));
        data.failAfterRows = 5_000; // ~0.5 MB: well past Jetty's output buffer, so the status 200 is already sent
        try (Mesh mesh = Mesh.open(directory.resolve("ws3"), Map.of())) {
            java.nio.file.Files.copy(MeshServerIT.EXAMPLES.resolve(".meshwork/mesh.yaml"), mesh.workspace().home().resolve("mesh.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (Mesh mesh = Mesh.open(directory.resolve("ws3"), Map.of())) {
            mesh.apply(List.of(MeshServerIT.EXAMPLES.resolve("customer")), org.meshwork.api.UserName.of("carol"));
            try (MeshServer server = new MeshServer(new ServerServices(mesh, data,
                    FakeAccess.tokens(Map.of("t", MeshServerIT.principal("olivia", "platform-team"))),
                    FakeAccess.hiding(Set.of(), Set.of()), new MinimalRequestParser()),
                    new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(5), 1)).start()) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/products/dp.customer.360/data?format=ndjson");
                assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(uri).header("Authorization", "Bearer t").build(),
                        HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(IOException.class);
                // the server goes on serving
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
            }
        }
    }
}
