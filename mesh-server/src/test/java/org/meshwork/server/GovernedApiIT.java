package org.meshwork.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.workspace.ServerSettings;

/**
 * The whole governed API over real HTTP: the sample mesh of examples/ applied by each domain's team and run (SQLite,
 * DuckDB, Delta), served by {@link MeshServer} with the real read path, token authenticator, access controller (behind
 * the access-stage policies) and access service, with tokens from {@code mesh.access().createToken}.
 *
 * <p>The self-serve flow of issue 6 in order — a consumer is refused, asks with a purpose, the owner approves, the
 * consumer reads with PII masked (the sample runs in {@code dev}) — the audit trail of each step, the access matrix at
 * the data level (REST and SQL joins, where masks survive CAST, aggregates and aliases), and the catalog and policy
 * routes. The tests run in order: each builds on the state the previous ones left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernedApiIT {
    static final Path EXAMPLES = Path.of("../examples");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CUSTOMER = "dp.customer.360";
    static final String ORDERS = "dp.sales.orders";
    /** Not discoverable: known only to the marketing team (and admins); everyone else gets a 404. */
    static final String HIDDEN = "dp.marketing.hidden-segments";

    @TempDir
    static Path directory;

    static Mesh mesh;
    static MeshServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String base;
    static String ana;
    static String carol;
    static String olivia;
    static String audrey;
    static String sam;
    static List<String> clearNames;
    static List<String> clearEmails;
    static long flowStarted;

    @BeforeAll
    static void start() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), Files.readString(EXAMPLES.resolve(".meshwork/mesh.yaml"))
                + "auditors: [audrey]\n");
        mesh = Mesh.open(home, Map.of());
        // the hidden product first, as a team would have had it before the global policies were adopted
        mesh.apply(List.of(EXAMPLES.resolve("marketing/domain.yaml")), UserName.of("maria"));
        Files.writeString(directory.resolve("segments.csv"), "segment_id,label\n1,loyal\n2,lapsed\n");
        Path hidden = directory.resolve("hidden.yaml");
        Files.writeString(hidden, """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: hidden-segments, namespace: marketing}
                spec:
                  description: Segments under embargo
                  owner_team: marketing-domain-team
                  version: 1.0.0
                  sensitivity_level: confidential
                  discovery: {discoverable: false}
                  sources:
                    - {name: segments, type: csv, path: segments.csv, options: {header: true}, columns: {segment_id: BIGINT NOT NULL, label: VARCHAR}}
                  transform: {sql: "SELECT segment_id, label FROM segments"}
                  schema:
                    columns:
                      - {name: segment_id, type: BIGINT, nullable: false}
                      - {name: label, type: VARCHAR}
                """);
        mesh.apply(List.of(hidden), UserName.of("maria"));
        mesh.apply(List.of(EXAMPLES.resolve("governance")), UserName.of("olivia"));
        for (String[] domain : List.of(new String[] {"customer", "carol"}, new String[] {"product", "priya"},
                new String[] {"sales", "sam"}, new String[] {"marketing", "maria"})) {
            mesh.apply(List.of(EXAMPLES.resolve(domain[0])), UserName.of(domain[1]));
        }
        for (String[] run : List.of(new String[] {CUSTOMER, "carol"}, new String[] {"dp.product.catalog", "priya"},
                new String[] {ORDERS, "sam"})) {
            assertThat(mesh.run(ProductId.parse(run[0]), UserName.of(run[1]), RunProgress.NONE).status())
                    .as(run[0]).isEqualTo(RunStatus.SUCCEEDED);
        }
        ana = token("ana");
        carol = token("carol");
        olivia = token("olivia");
        audrey = token("audrey");
        sam = token("sam");
        List<String> crm = Files.readAllLines(EXAMPLES.resolve("customer/data/crm_customers.csv")).subList(1, 11);
        clearNames = crm.stream().map(line -> line.split(",")[1]).toList();
        clearEmails = crm.stream().map(line -> line.split(",")[2].toLowerCase(java.util.Locale.ROOT)).toList();
        server = new MeshServer(GovernedServices.of(mesh),
                new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(10), 1)).start();
        base = "http://127.0.0.1:" + server.port();
    }

    /** A real token, issued as an admin would with {@code mesh token create --user NAME}. */
    static String token(String user) {
        return mesh.access().createToken(mesh.principal(UserName.of("olivia")), UserName.of(user), Optional.empty(),
                Optional.of("GovernedApiIT")).text();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static JsonNode ok(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    static void error(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("code", "message", "details");
        assertThat(body.get("code").asText()).isEqualTo(code);
    }

    static List<JsonNode> items(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false).toList();
    }

    /** The customer rows as JSON objects: every PII value masked, every other value in clear. */
    static void assertPiiMasked(JsonNode rows) {
        assertThat(rows.size()).isGreaterThanOrEqualTo(10);
        for (JsonNode row : rows) {
            assertThat(row.get("full_name").asText()).isEqualTo("***");
            assertThat(clearEmails).doesNotContain(row.get("email").asText());
            assertThat(row.get("email").asText()).doesNotContain("@");
            assertThat(row.get("country").asText()).matches("[A-Z]{2}");
        }
    }

    @Test
    @Order(1)
    void requestApproveReadOverHttpWithTheAuditTrailOfEachStep() throws Exception {
        flowStarted = System.nanoTime();
        long auditHead = items(ok(get("/api/v1/audit?limit=10000", audrey), 200).get("items")).size();

        // 1. ana (analytics-team) may not read the confidential customer 360
        error(get("/api/v1/products/" + CUSTOMER + "/data", ana), 403, "forbidden");

        // 2. she asks, with a purpose
        JsonNode request = ok(send("POST", "/api/v1/products/" + CUSTOMER + "/access-requests", ana,
                "{\"purpose\": \"churn analysis\"}"), 201);
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(request.get("requester").asText()).isEqualTo("ana");
        String id = request.get("id").asText();
        assertThat(items(ok(get("/api/v1/access-requests?status=mine", ana), 200).get("items")))
                .extracting(r -> r.get("id").asText()).contains(id);
        // ana may not decide her own request; sam (sales) sees nothing to decide on customer data
        error(send("POST", "/api/v1/access-requests/" + id + "/approve", ana, "{}"), 403, "forbidden");
        assertThat(items(ok(get("/api/v1/access-requests?status=pending", sam), 200).get("items"))).isEmpty();

        // 3. the owner lists what waits for the customer domain and approves
        assertThat(items(ok(get("/api/v1/access-requests?status=pending", carol), 200).get("items")))
                .extracting(r -> r.get("id").asText()).containsExactly(id);
        JsonNode approved = ok(send("POST", "/api/v1/access-requests/" + id + "/approve", carol,
                "{\"reason\": \"churn work is in scope\"}"), 200);
        assertThat(approved.get("status").asText()).isEqualTo("approved");
        String grant = approved.get("grant").asText();
        assertThat(grant).isNotBlank();
        assertThat(items(ok(get("/api/v1/products/" + CUSTOMER + "/grants", carol), 200).get("items")))
                .extracting(g -> g.get("id").asText() + " " + g.get("grantee").asText())
                .contains(grant + " user:ana");
        // deciding twice is a conflict
        error(send("POST", "/api/v1/access-requests/" + id + "/deny", carol, "{\"reason\": \"changed my mind\"}"),
                409, "commit_conflict");

        // 4. ana reads: the grant lets her in, PII stays masked (environment dev)
        assertPiiMasked(ok(get("/api/v1/products/" + CUSTOMER + "/data?format=json&purpose=churn%20analysis", ana), 200));
        Duration flow = Duration.ofNanos(System.nanoTime() - flowStarted);
        System.out.printf("request -> approve -> read over HTTP: %d ms of wall time%n", flow.toMillis());
        assertThat(flow).isLessThan(Duration.ofMinutes(1));

        // 5. the audit log, as the auditor reads it, has every step in order
        List<JsonNode> trail = new ArrayList<>(items(ok(get("/api/v1/audit?product=" + CUSTOMER + "&limit=10000",
                audrey), 200).get("items")));
        List<String> steps = trail.stream()
                .filter(entry -> List.of("ana", "carol").contains(entry.get("actor").asText()))
                .filter(entry -> !entry.get("action").asText().equals("run") && !entry.get("action").asText().equals("apply"))
                .map(entry -> entry.get("actor").asText() + " " + entry.get("action").asText() + " "
                        + entry.get("outcome").asText()).toList();
        assertThat(steps).containsSubsequence("ana read denied", "ana request_access allowed", "carol approve allowed",
                "ana read allowed");
        JsonNode approval = trail.stream().filter(e -> e.get("action").asText().equals("approve")
                && e.get("outcome").asText().equals("allowed")).findFirst().orElseThrow();
        assertThat(approval.get("details").toString()).contains(grant).contains(id);
        JsonNode allowedRead = trail.get(trail.size() - 1);
        assertThat(allowedRead.get("action").asText()).isEqualTo("read");
        assertThat(allowedRead.get("details").toString()).contains(grant).contains("churn analysis");
        assertThat(allowedRead.get("client_address").asText()).isEqualTo("127.0.0.1");
        long[] sequences = trail.stream().mapToLong(e -> e.get("sequence").asLong()).toArray();
        assertThat(sequences).isSorted();
        assertThat(items(ok(get("/api/v1/audit?limit=10000", audrey), 200).get("items")).size()).isGreaterThan((int) auditHead);

        JsonNode verification = ok(get("/api/v1/audit/verify", olivia), 200);
        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("first_bad_sequence").isNull()).isTrue();
    }

    @Test
    @Order(2)
    void theAccessMatrixAtTheDataLevel() throws Exception {
        String data = "/api/v1/products/" + CUSTOMER + "/data?format=json";
        // owner: reads, PII masked in dev
        assertPiiMasked(ok(get(data, carol), 200));
        // admin: reads, PII masked in dev
        assertPiiMasked(ok(get(data, olivia), 200));
        // other team without a grant: 403
        error(get(data, sam), 403, "forbidden");
        // other team with a grant (ana, from the flow): masked PII
        assertPiiMasked(ok(get(data, ana), 200));
        // auditor: the log, never the data
        error(get(data, audrey), 403, "forbidden");
        ok(get("/api/v1/audit?limit=5", audrey), 200);
        ok(get("/api/v1/audit/verify", audrey), 200);
        // the log is for auditors and admins only
        error(get("/api/v1/audit", ana), 403, "forbidden");
        error(get("/api/v1/audit/verify", carol), 403, "forbidden");
        // no token: 401 everywhere under /api/v1
        error(get(data, null), 401, "unauthenticated");
        error(get("/api/v1/audit", null), 401, "unauthenticated");
        error(send("POST", "/api/v1/products/" + CUSTOMER + "/access-requests", null, "{}"), 401, "unauthenticated");
        // hidden product: exactly like one that does not exist, on every product route
        for (String route : List.of("/data", "/lineage", "/docs", "/grants")) {
            error(get("/api/v1/products/" + HIDDEN + route, ana), 404, "no_such_product");
        }
        error(send("POST", "/api/v1/products/" + HIDDEN + "/access-requests", ana, "{\"purpose\": \"x\"}"), 404,
                "no_such_product");
    }

    @Test
    @Order(3)
    void masksSurviveSqlJoinsCastsAggregatesAndAliases() throws Exception {
        String join = "SELECT c.full_name AS who, CAST(c.email AS VARCHAR) AS mail, upper(c.full_name) AS loud, "
                + "o.order_id FROM \"" + CUSTOMER + "\" c JOIN \"" + ORDERS + "\" o USING (customer_id)";
        for (String token : List.of(ana, carol, olivia)) {
            JsonNode rows = ok(send("POST", "/api/v1/sql?format=json", token,
                    JSON.writeValueAsString(Map.of("sql", join, "purpose", "churn analysis"))), 200);
            assertThat(rows.size()).isGreaterThan(0);
            for (JsonNode row : rows) {
                assertThat(row.get("who").asText()).isEqualTo("***");
                assertThat(row.get("loud").asText()).isEqualTo("***");
                assertThat(clearEmails).doesNotContain(row.get("mail").asText());
            }
        }
        String aggregate = "SELECT min(full_name) AS a, max(full_name) AS b, string_agg(email, ',') AS c, "
                + "count(DISTINCT full_name) AS n FROM \"" + CUSTOMER + "\"";
        JsonNode row = ok(send("POST", "/api/v1/sql?format=json", ana,
                JSON.writeValueAsString(Map.of("sql", aggregate))), 200).get(0);
        assertThat(row.get("a").asText()).isEqualTo("***");
        assertThat(row.get("b").asText()).isEqualTo("***");
        assertThat(row.get("n").asLong()).isEqualTo(1);
        for (String email : clearEmails) {
            assertThat(row.get("c").asText()).doesNotContain(email);
        }
        String star = "SELECT * FROM \"" + CUSTOMER + "\"";
        String body = ok(send("POST", "/api/v1/sql?format=json", ana, JSON.writeValueAsString(Map.of("sql", star))), 200)
                .toString();
        for (String name : clearNames) {
            assertThat(body).doesNotContain(name);
        }
        // sam may read orders (internal) but not the customer 360: the join is refused as a whole
        error(send("POST", "/api/v1/sql", sam, JSON.writeValueAsString(Map.of("sql", join))), 403, "forbidden");
        // the auditor reads no data, not even through SQL
        error(send("POST", "/api/v1/sql", audrey, JSON.writeValueAsString(Map.of("sql", star))), 403, "forbidden");
    }

    @Test
    @Order(4)
    void grantsAndRevocationOverHttp() throws Exception {
        JsonNode grant = ok(send("POST", "/api/v1/products/" + CUSTOMER + "/grants", carol,
                "{\"grantee\": \"user:sam\", \"columns\": [\"customer_id\", \"country\"], \"where\": \"country = 'DE'\","
                        + " \"purpose\": \"quota planning\", \"expires\": \"7d\"}"), 201);
        assertThat(grant.get("row_filter_text").asText()).contains("country");
        JsonNode rows = ok(get("/api/v1/products/" + CUSTOMER + "/data?format=json", sam), 200);
        assertThat(rows.size()).isGreaterThan(0);
        for (JsonNode row : rows) {
            assertThat(row.get("country").asText()).isEqualTo("DE");
            assertThat(row.has("full_name")).isFalse();
        }
        // only owners grant; bad input names the field
        error(send("POST", "/api/v1/products/" + CUSTOMER + "/grants", ana, "{\"grantee\": \"user:ana\"}"), 403,
                "forbidden");
        HttpResponse<String> bad = send("POST", "/api/v1/products/" + CUSTOMER + "/grants", carol, "{\"grantee\": 7}");
        error(bad, 400, "invalid_argument");
        assertThat(json(bad).get("message").asText()).contains("grantee");
        HttpResponse<String> unknown = send("POST", "/api/v1/products/" + CUSTOMER + "/grants", carol,
                "{\"grantee\": \"user:sam\", \"colums\": []}");
        error(unknown, 400, "invalid_argument");
        assertThat(json(unknown).get("message").asText()).contains("colums");

        ok(send("DELETE", "/api/v1/grants/" + grant.get("id").asText(), carol, null), 200);
        error(get("/api/v1/products/" + CUSTOMER + "/data", sam), 403, "forbidden");
        assertThat(items(ok(get("/api/v1/audit?product=" + CUSTOMER + "&action=revoke", olivia), 200).get("items")))
                .extracting(e -> e.get("actor").asText()).containsExactly("carol");
    }

    @Test
    @Order(5)
    void aDeniedRequestStaysDenied() throws Exception {
        JsonNode request = ok(send("POST", "/api/v1/products/" + CUSTOMER + "/access-requests", sam,
                "{\"purpose\": \"curiosity\", \"columns\": [\"customer_id\"]}"), 201);
        String id = request.get("id").asText();
        HttpResponse<String> noReason = send("POST", "/api/v1/access-requests/" + id + "/deny", carol, "{}");
        error(noReason, 400, "invalid_argument");
        assertThat(json(noReason).get("message").asText()).contains("reason");
        JsonNode denied = ok(send("POST", "/api/v1/access-requests/" + id + "/deny", carol,
                "{\"reason\": \"not needed for sales\"}"), 200);
        assertThat(denied.get("status").asText()).isEqualTo("denied");
        error(get("/api/v1/products/" + CUSTOMER + "/data", sam), 403, "forbidden");
        error(get("/api/v1/access-requests?status=everything", carol), 400, "invalid_argument");
    }

    @Test
    @Order(6)
    void catalogRoutesShowOnlyWhatTheCallerMayDiscover() throws Exception {
        JsonNode search = ok(get("/api/v1/search?q=custmer&limit=5", ana), 200);
        assertThat(items(search.get("hits"))).extracting(h -> h.get("id").asText()).contains(CUSTOMER);
        assertThat(search.get("facets").has("domain")).isTrue();
        JsonNode all = ok(get("/api/v1/search?limit=100", ana), 200);
        assertThat(items(all.get("hits"))).extracting(h -> h.get("id").asText()).doesNotContain(HIDDEN);
        JsonNode maria = ok(get("/api/v1/search?limit=100", token("maria")), 200);
        assertThat(items(maria.get("hits"))).extracting(h -> h.get("id").asText()).contains(HIDDEN);
        JsonNode filtered = ok(get("/api/v1/search?sensitivity=confidential&limit=100", ana), 200);
        assertThat(items(filtered.get("hits"))).extracting(h -> h.get("id").asText()).containsExactly(CUSTOMER);
        error(get("/api/v1/search?limit=0", ana), 400, "invalid_argument");
        error(get("/api/v1/search?colour=red", ana), 400, "invalid_argument");

        JsonNode lineage = ok(get("/api/v1/products/" + CUSTOMER + "/lineage?direction=upstream&depth=2&columns=true",
                ana), 200);
        assertThat(lineage.get("focus").asText()).isEqualTo(CUSTOMER);
        assertThat(items(lineage.get("nodes"))).extracting(n -> n.get("kind").asText()).contains("system");
        assertThat(lineage.get("column_edges").size()).isGreaterThan(0);
        error(get("/api/v1/products/" + CUSTOMER + "/lineage?direction=sideways", ana), 400, "invalid_argument");

        HttpResponse<String> markdown = get("/api/v1/products/" + CUSTOMER + "/docs", ana);
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        assertThat(markdown.body()).contains("full_name");
        HttpResponse<String> html = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + CUSTOMER
                + "/docs")).header("Authorization", "Bearer " + ana).header("Accept", "text/html,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(html.body()).contains("<html");
        error(get("/api/v1/products/" + CUSTOMER + "/docs?format=pdf", ana), 400, "invalid_argument");

        JsonNode graph = ok(get("/api/v1/domain-graph", ana), 200);
        assertThat(items(graph.get("domains"))).extracting(JsonNode::asText).contains("customer", "sales", "marketing");
        assertThat(graph.toString()).doesNotContain(HIDDEN);
    }

    @Test
    @Order(7)
    void policyReportAndTheAccessGateOverHttp() throws Exception {
        JsonNode report = ok(get("/api/v1/policies/report?domain=customer", ana), 200);
        assertThat(items(report.get("results"))).extracting(r -> r.get("product").asText()).containsOnly(CUSTOMER);
        assertThat(items(report.get("results"))).extracting(r -> r.get("policy").asText()).contains("pii-masking");
        error(get("/api/v1/policies/report?domain=nowhere", ana), 404, "no_such_domain");

        // a required access-stage policy now refuses reads without a stated purpose, for owners too
        Path policy = directory.resolve("purpose-policy.yaml");
        Files.writeString(policy, """
                apiVersion: platform/v1
                kind: GlobalPolicy
                metadata: {name: purpose-stated}
                spec:
                  description: every read of confidential data states its purpose
                  enforcement: required
                  stage: access
                  rule: "product.spec.sensitivity_level != 'confidential' || has(access.purpose)"
                  message: state a purpose (purpose=) to read confidential data
                """);
        mesh.apply(List.of(policy), UserName.of("olivia"));
        HttpResponse<String> refused = get("/api/v1/products/" + CUSTOMER + "/data", carol);
        error(refused, 403, "policy_violation");
        assertThat(json(refused).get("message").asText()).contains("purpose-stated");
        assertPiiMasked(ok(get("/api/v1/products/" + CUSTOMER + "/data?format=json&purpose=support", carol), 200));
        ok(get("/api/v1/products/" + ORDERS + "/data?format=json", ana), 200);
        JsonNode denial = items(ok(get("/api/v1/audit?product=" + CUSTOMER + "&user=carol&action=read", audrey), 200)
                .get("items")).stream().filter(e -> e.get("outcome").asText().equals("denied")).findFirst().orElseThrow();
        assertThat(denial.get("details").toString()).contains("purpose-stated");
        assertThat(ok(get("/api/v1/audit/verify", audrey), 200).get("intact").asBoolean()).isTrue();
    }

    @Test
    @Order(8)
    void timeTravelAndCursorPagingOverTheRealReadPath() throws Exception {
        String path = "/api/v1/products/" + ORDERS + "/data";
        HttpResponse<String> first = get(path + "?select=order_id&limit=1", sam);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String before = first.headers().firstValue(ProductRoutes.VERSION_HEADER).orElseThrow();
        java.time.Instant between = java.time.Instant.now();
        Thread.sleep(20);
        assertThat(mesh.run(ProductId.parse(ORDERS), UserName.of("sam"), RunProgress.NONE).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        long after = Long.parseLong(before) + 1;

        // the current version, an older one by number and by time, and what does not exist
        assertThat(get(path + "?select=order_id&limit=1", sam).headers().firstValue(ProductRoutes.VERSION_HEADER))
                .hasValue(Long.toString(after));
        HttpResponse<String> byVersion = get(path + "?select=order_id&version=" + before + "&format=csv", sam);
        assertThat(byVersion.statusCode()).as(byVersion.body()).isEqualTo(200);
        assertThat(byVersion.headers().firstValue(ProductRoutes.VERSION_HEADER)).hasValue(before);
        assertThat(byVersion.body().lines()).hasSize(121); // header + the 120 published orders
        HttpResponse<String> byTime = get(path + "?select=order_id&as_of=" + between, sam);
        assertThat(byTime.headers().firstValue(ProductRoutes.VERSION_HEADER)).as(byTime.body()).hasValue(before);
        error(get(path + "?version=99", sam), 404, "no_such_version");
        error(get(path + "?as_of=yesterday", sam), 400, "invalid_argument");
        error(get(path + "?version=1&as_of=" + between, sam), 400, "invalid_argument");

        // cursor paging: every row once, in order, the last page without a next cursor
        List<Long> seen = new ArrayList<>();
        String next = path + "?select=order_id&order=order_id.asc&limit=50";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = get(next, sam);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            items(json(page)).forEach(row -> seen.add(row.get("order_id").asLong()));
            pages++;
            Optional<String> cursor = page.headers().firstValue(ProductRoutes.CURSOR_HEADER);
            next = cursor.map(c -> path + "?select=order_id&order=order_id.asc&limit=50&cursor=" + c).orElse(null);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(120).isSorted().doesNotHaveDuplicates();
    }
}
