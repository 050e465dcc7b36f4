package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.workspace.ServerSettings;

/**
 * Every route over real HTTP: Javalin on an ephemeral port, the JDK's HTTP client, a real mesh (SQLite, DuckDB,
 * Delta) with the sample customer domain applied and run. The governed read path and access control are hand-written
 * fakes ({@link InMemoryDataService}, {@link FakeAccess}); the real ones are wired in at merge.
 */
class MeshServerIT {
    static final ProductId CUSTOMER = ProductId.parse("dp.customer.360");
    static final ProductId NUMBERS = ProductId.parse("dp.customer.numbers");
    static final List<List<Object>> CUSTOMERS =
            List.of(List.of(1, "DE"), List.of(2, "FR"), List.of(3, "DE"), List.of(4, "US"), List.of(5, "DE"));
    static final Path EXAMPLES = Path.of("../examples");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    static Mesh mesh;
    static MeshServer server;
    static InMemoryDataService data;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;

    static Principal principal(String name, String team) {
        return new Principal(UserName.of(name), PrincipalKind.USER, Set.of(TeamName.of(team)), Set.of());
    }

    @BeforeAll
    static void start() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        mesh = Mesh.open(home, Map.of());
        mesh.apply(List.of(EXAMPLES.resolve("customer")), UserName.of("carol"));
        assertThat(mesh.run(CUSTOMER, UserName.of("carol"), RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        data = new InMemoryDataService()
                .table(CUSTOMER, List.of("customer_id", "country"), CUSTOMERS);
        server = new MeshServer(new ServerServices(mesh, data,
                FakeAccess.tokens(Map.of("t-carol", principal("carol", "customer-domain-team"),
                        "t-ana", principal("ana", "analytics-team"))),
                FakeAccess.hiding(Set.of(CUSTOMER), Set.of("carol")), new MinimalRequestParser()),
                new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(10), 1)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
        mesh.close();
    }

    static HttpResponse<String> get(String path, String token, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, String code, String messagePart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("code", "message", "details");
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(messagePart);
        assertThat(response.body()).doesNotContain("at org.").doesNotContain("Exception");
    }

    @Test
    void healthReadyAndOpenApiNeedNoToken() throws Exception {
        assertThat(json(get("/health", null)).get("status").asText()).isEqualTo("up");
        assertThat(json(get("/ready", null)).get("status").asText()).isEqualTo("ready");
        HttpResponse<String> spec = get("/api/v1/openapi.yaml", null);
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body()).startsWith("openapi: 3.1.0").isEqualTo(Files.readString(Path.of("../spec/openapi.yaml")));
    }

    @Test
    void apiRoutesRefuseMissingMalformedAndUnknownTokens() throws Exception {
        for (String path : List.of("/api/v1/products", "/api/v1/domains", "/api/v1/products/dp.customer.360/data")) {
            HttpResponse<String> none = get(path, null);
            assertError(none, 401, "unauthenticated", "Authorization: Bearer");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertError(get(path, "t-nobody"), 401, "unauthenticated", "unknown, expired or revoked");
            assertError(get(path, null, "Authorization", "Basic Y2Fyb2w6eA=="), 401, "unauthenticated", "must be 'Bearer <token>'");
        }
        assertError(post("/api/v1/sql", "t-nobody", "text/plain", "SELECT 1"), 401, "unauthenticated", "unknown");
        assertThat(data.reads).noneMatch(r -> r.contains("nobody"));
    }

    @Test
    void unknownRoutesAnswer404InTheErrorShape() throws Exception {
        assertError(get("/api/v1/nothing-here", "t-carol"), 404, "no_such_resource", "no route GET /api/v1/nothing-here");
        assertError(get("/nothing-here", null), 404, "no_such_resource", "openapi.yaml");
        // "/" is the web UI's home: without a session it sends the browser to sign in
        HttpResponse<String> home = get("/", null);
        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(home.headers().firstValue("Location")).hasValue("/signin?next=%2F");
    }

    @Test
    void domainsListOnlyDiscoverableProducts() throws Exception {
        JsonNode carol = json(get("/api/v1/domains", "t-carol"));
        assertThat(carol.get("items")).hasSize(1);
        assertThat(carol.get("items").get(0).get("name").asText()).isEqualTo("customer");
        assertThat(carol.get("items").get(0).get("owner_team").asText()).isEqualTo("customer-domain-team");
        assertThat(carol.get("items").get(0).get("products").toString()).contains("dp.customer.360");
        assertThat(json(get("/api/v1/domains/customer", "t-ana")).get("products")).isEmpty();
        assertError(get("/api/v1/domains/sales", "t-ana"), 404, "no_such_domain", "no domain 'sales'");
        assertError(get("/api/v1/domains/Not_A_Domain!", "t-ana"), 400, "invalid_argument", "path parameter 'name'");
    }

    @Test
    void productListIsPagedFilteredAndHidesWhatTheCallerMayNotDiscover() throws Exception {
        JsonNode carol = json(get("/api/v1/products?domain=customer&tag=customer&owner=customer-domain-team", "t-carol"));
        assertThat(carol.get("total").asInt()).isEqualTo(1);
        assertThat(carol.get("items").get(0).get("id").asText()).isEqualTo("dp.customer.360");
        assertThat(json(get("/api/v1/products?tag=nope", "t-carol")).get("total").asInt()).isZero();
        assertThat(json(get("/api/v1/products?owner=sales-domain-team", "t-carol")).get("total").asInt()).isZero();
        assertThat(json(get("/api/v1/products", "t-ana")).get("items")).isEmpty();

        HttpResponse<String> page = get("/api/v1/products?limit=1&offset=1", "t-carol");
        assertThat(json(page).get("items")).isEmpty();
        assertThat(json(page).get("offset").asInt()).isEqualTo(1);
        assertError(get("/api/v1/products?limit=0", "t-carol"), 400, "invalid_argument", "'limit' must be between 1 and 1000");
        assertError(get("/api/v1/products?limit=ten", "t-carol"), 400, "invalid_argument", "'limit' must be a whole number");
        assertError(get("/api/v1/products?colour=red", "t-carol"), 400, "invalid_argument", "unknown query parameter 'colour'");
    }

    @Test
    void productDetailHasOwnershipSlaRevisionsSnapshotAndFreshness() throws Exception {
        HttpResponse<String> response = get("/api/v1/products/dp.customer.360", "t-carol");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode product = json(response);
        assertThat(product.get("owner_team").asText()).isEqualTo("customer-domain-team");
        assertThat(product.get("ownership").get("steward").asText()).isEqualTo("carol");
        assertThat(product.get("sla").get("freshness").asText()).isEqualTo("15min");
        assertThat(product.get("sla_status").get("status").asText()).isIn("green", "amber", "red");
        assertThat(product.get("sla_status").get("objectives")).isNotEmpty();
        assertThat(product.get("revisions")).hasSize(1);
        assertThat(product.get("snapshot").get("version").asLong()).isZero();
        assertThat(product.get("snapshot").get("rows").asLong()).isPositive();
        assertThat(product.get("freshness").get("last_published").asText()).isNotBlank();
        assertThat(product.get("freshness").get("age_seconds").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void hiddenAndUnknownProductsAreTheSame404() throws Exception {
        for (String suffix : List.of("", "/schema", "/quality", "/runs", "/data")) {
            HttpResponse<String> hidden = get("/api/v1/products/dp.customer.360" + suffix, "t-ana");
            HttpResponse<String> unknown = get("/api/v1/products/dp.customer.nope" + suffix, "t-ana");
            assertError(hidden, 404, "no_such_product", "no data product 'dp.customer.360'");
            assertError(unknown, 404, "no_such_product", "no data product 'dp.customer.nope'");
        }
        assertThat(data.reads).noneMatch(r -> r.startsWith("ana"));
        assertError(get("/api/v1/products/orders", "t-carol"), 400, "invalid_argument", "path parameter 'id'");
    }

    @Test
    void schemaPerRevision() throws Exception {
        JsonNode current = json(get("/api/v1/products/dp.customer.360/schema", "t-carol"));
        assertThat(current.get("revision").asInt()).isEqualTo(1);
        assertThat(current.get("version").asText()).isEqualTo("2.1.0");
        assertThat(current.get("columns").get(0).get("name").asText()).isEqualTo("customer_id");
        assertThat(current.get("columns").get(2).get("pii").asBoolean()).isTrue();
        assertThat(json(get("/api/v1/products/dp.customer.360/schema?version=1", "t-carol"))).isEqualTo(current);
        assertError(get("/api/v1/products/dp.customer.360/schema?version=9", "t-carol"), 404, "no_such_version", "no revision 9");
        assertError(get("/api/v1/products/dp.customer.360/schema?version=x", "t-carol"), 400, "invalid_argument", "'version'");
    }

    @Test
    void qualityAndRunsAreTheCliDocuments() throws Exception {
        JsonNode quality = json(get("/api/v1/products/dp.customer.360/quality", "t-carol"));
        assertThat(quality).isNotEmpty();
        assertThat(quality.get(0).get("name").asText()).isNotBlank();
        assertThat(quality.get(0).has("passed")).isTrue();
        JsonNode runs = json(get("/api/v1/products/dp.customer.360/runs?limit=5", "t-carol"));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(runs.get(0).get("table_version").asLong()).isZero();
        assertError(get("/api/v1/products/dp.customer.360/runs?limit=-1", "t-carol"), 400, "invalid_argument", "'limit'");
    }

    @Test
    void dataInEveryFormatByAcceptOrFormatParameter() throws Exception {
        HttpResponse<String> json = get("/api/v1/products/dp.customer.360/data?country=eq.DE&select=customer_id", "t-carol");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.headers().firstValue(ProductRoutes.VERSION_HEADER)).contains("7");
        assertThat(json.body()).isEqualTo("[{\"customer_id\":1},{\"customer_id\":3},{\"customer_id\":5}]");

        HttpResponse<String> csv = get("/api/v1/products/dp.customer.360/data?customer_id=lt.3", "t-carol", "Accept", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).isEqualTo("customer_id,country\n1,DE\n2,FR\n");

        HttpResponse<String> ndjson = get("/api/v1/products/dp.customer.360/data?country=in.(FR,US)&format=ndjson", "t-carol",
                "Accept", "text/csv");
        assertThat(ndjson.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        assertThat(ndjson.body()).isEqualTo("{\"customer_id\":2,\"country\":\"FR\"}\n{\"customer_id\":4,\"country\":\"US\"}\n");

        assertThat(get("/api/v1/products/dp.customer.360/data", "t-carol",
                "Accept", "application/xml;q=0.9, application/x-ndjson").body()).startsWith("{\"customer_id\":1");
        assertError(get("/api/v1/products/dp.customer.360/data?format=xml", "t-carol"), 400, "invalid_argument",
                "query parameter 'format' must be one of [json, ndjson, csv, parquet]");
        assertError(get("/api/v1/products/dp.customer.360/data", "t-carol", "Accept", "application/xml"), 400,
                "invalid_argument", "header 'Accept'");
        assertError(get("/api/v1/products/dp.customer.360/data?select=salary", "t-carol"), 400, "invalid_argument",
                "no column 'salary'");
        assertError(get("/api/v1/products/dp.customer.360/data?country=approx.DE", "t-carol"), 400, "invalid_argument",
                "filter 'country'");
    }

    @Test
    void dataIsPagedWithACursorAndLinkHeader() throws Exception {
        HttpResponse<String> first = get("/api/v1/products/dp.customer.360/data?limit=2&purpose=churn%20study", "t-carol");
        assertThat(first.body()).isEqualTo("[{\"customer_id\":1,\"country\":\"DE\"},{\"customer_id\":2,\"country\":\"FR\"}]");
        String cursor = first.headers().firstValue(ProductRoutes.CURSOR_HEADER).orElseThrow();
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
                .contains("cursor=" + cursor).contains("limit=2").endsWith("rel=\"next\""));
        HttpResponse<String> second = get("/api/v1/products/dp.customer.360/data?limit=2&cursor=" + cursor, "t-carol");
        assertThat(second.body()).isEqualTo("[{\"customer_id\":3,\"country\":\"DE\"},{\"customer_id\":4,\"country\":\"US\"}]");
        HttpResponse<String> last = get("/api/v1/products/dp.customer.360/data?limit=2&cursor=4", "t-carol");
        assertThat(last.body()).isEqualTo("[{\"customer_id\":5,\"country\":\"DE\"}]");
        assertThat(last.headers().firstValue(ProductRoutes.CURSOR_HEADER)).isEmpty();
        assertThat(data.reads).contains("carol dp.customer.360 purpose=churn study");
    }

    @Test
    void dataErrorsFromTheReadPathKeepTheirStatus() throws Exception {
        data.busy = true;
        try {
            assertError(get("/api/v1/products/dp.customer.360/data", "t-carol"), 429, "too_many_requests", "already runs");
        } finally {
            data.busy = false;
        }
    }

    @Test
    void sqlTakesJsonOrPlainText() throws Exception {
        HttpResponse<String> json = post("/api/v1/sql?format=csv", "t-carol", "application/json",
                "{\"sql\": \"SELECT * FROM \\\"dp.customer.360\\\"\", \"purpose\": \"audit sample\"}");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(json.body()).startsWith("customer_id,country\n1,DE\n");
        assertThat(data.reads).contains("carol dp.customer.360 purpose=audit sample");
        HttpResponse<String> text = post("/api/v1/sql", "t-carol", "text/plain", "SELECT * FROM \"dp.customer.360\"");
        assertThat(text.body()).startsWith("[{\"customer_id\":1,");
        assertError(post("/api/v1/sql", "t-carol", "application/json", "{\"query\": \"SELECT 1\"}"), 400,
                "invalid_argument", "unknown field 'query'");
        assertError(post("/api/v1/sql", "t-carol", "application/json", "{\"sql\": 42}"), 400, "invalid_argument", "field 'sql'");
        assertError(post("/api/v1/sql", "t-carol", "application/json", "{\"sql\": "), 400, "invalid_argument", "not valid JSON");
        assertError(post("/api/v1/sql", "t-carol", "text/plain", "  "), 400, "invalid_argument", "field 'sql' is empty");
        assertError(post("/api/v1/sql", "t-carol", "application/xml", "<sql/>"), 400, "invalid_argument", "Content-Type");
        assertError(post("/api/v1/sql", "t-carol", "text/plain", "DROP TABLE x"), 400, "invalid_argument", "sql:");
    }

    @Test
    void metricsExposeRouteTimersAndMeshGauges() throws Exception {
        get("/api/v1/products/dp.customer.360/runs", "t-carol");
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("meshwork_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/products/{id}/runs\",status=\"200\"}")
                .contains("meshwork_runs{product=\"dp.customer.360\",status=\"succeeded\"} 1.0")
                .contains("meshwork_check_results{outcome=\"passed\",product=\"dp.customer.360\"}")
                .contains("meshwork_sla_status{product=\"dp.customer.360\"}");
    }

    @Test
    void dataStreamsBeforeTheResultIsComplete() throws Exception {
        // a result far larger than the server's response buffer (~32 KiB): its first part must reach the client
        // while the read path is still blocked before the rest, not when the whole result has been written
        data.generated(CUSTOMER, List.of("customer_id", "country"), 20_000, i -> List.of(i + 1, "D".repeat(100)));
        CountDownLatch gate = new CountDownLatch(1);
        data.reachedGate = new CountDownLatch(1);
        data.gateAfterRows = 2_000; // ~250 KB written before the read path blocks
        data.gate = gate;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/products/dp.customer.360/data?format=ndjson&limit=20000"))
                    .header("Authorization", "Bearer t-carol").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(data.reachedGate.await(10, TimeUnit.SECONDS)).isTrue();
            byte[] first = new byte[32];
            // the read path waits on the gate for up to 30 s: rows held back until then would arrive too late here
            int read = CompletableFuture.supplyAsync(() -> {
                try {
                    return response.body().read(first);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(15, TimeUnit.SECONDS);
            assertThat(new String(first, 0, read, StandardCharsets.UTF_8)).startsWith("{\"customer_id\":1,");
            gate.countDown();
            String rest = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("{\"customer_id\":20000,");
        } finally {
            gate.countDown();
            data.gate = null;
            data.gateAfterRows = 1;
            data.table(CUSTOMER, List.of("customer_id", "country"), CUSTOMERS);
        }
    }

    @Test
    void aResultSmallerThanTheBufferLeavesOnlyOnceTheReadIsClosed() throws Exception {
        // closing the result is where the read path appends the read's audit entry: until it returns, the client
        // must not have received anything, not even the status line
        CountDownLatch closeGate = new CountDownLatch(1);
        data.reachedClose = new CountDownLatch(1);
        data.closeGate = closeGate;
        try {
            // completes as soon as the status line and headers arrive
            CompletableFuture<HttpResponse<InputStream>> response = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/api/v1/products/dp.customer.360/data?format=ndjson"))
                    .header("Authorization", "Bearer t-carol").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(data.reachedClose.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> response.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            closeGate.countDown();
            HttpResponse<InputStream> done = response.get(10, TimeUnit.SECONDS);
            assertThat(done.statusCode()).isEqualTo(200);
            try (InputStream body = done.body()) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8).lines()).hasSize(CUSTOMERS.size())
                        .first().isEqualTo("{\"customer_id\":1,\"country\":\"DE\"}");
            }
        } finally {
            closeGate.countDown();
            data.closeGate = null;
        }
    }

    @Test
    void aReadThatCannotBeAuditedAtCloseSendsAnErrorAndNoRows() throws Exception {
        data.failOnClose = new MeshException(ErrorCode.INTERNAL, "the audit log is unavailable");
        try {
            HttpResponse<String> response = get("/api/v1/products/dp.customer.360/data?format=ndjson", "t-carol");
            assertError(response, 500, "internal", "");
            assertThat(response.body()).doesNotContain("customer_id").doesNotContain("DE");
            assertThat(response.headers().firstValue("X-Mesh-Next-Cursor")).isEmpty();
        } finally {
            data.failOnClose = null;
        }
    }
}
