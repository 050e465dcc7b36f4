package org.meshwork.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.meshwork.api.UserName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The web UI over real HTTP on the real sample mesh: sign-in, access control on every page, escaping, forms. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiAccessIT {
    private SampleMeshUi ui;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start(@TempDir Path directory) throws IOException {
        ui = new SampleMeshUi(directory);
    }

    @AfterAll
    void stop() {
        ui.close();
    }

    @Test
    void pagesNeedASessionAndSendTheVisitorToSignIn() throws Exception {
        HttpResponse<String> home = get("/products/dp.customer.360/schema", null);
        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(home.headers().firstValue("Location")).contains("/signin?next=%2Fproducts%2Fdp.customer.360%2Fschema");

        HttpResponse<String> bad = post("/signin", null, "token=nope&next=%2F", "http://127.0.0.1:" + ui.server.port());
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("unknown, expired or revoked");

        HttpResponse<String> good = post("/signin", null, "token=" + ui.ana + "&next=%2Fdomains%2Fsales", null);
        assertThat(good.statusCode()).isEqualTo(303);
        assertThat(good.headers().firstValue("Location")).contains("/domains/sales");
        assertThat(good.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                assertThat(cookie).contains("mesh_session=" + ui.ana).contains("HttpOnly").contains("SameSite=Strict"));

        HttpResponse<String> offSite = post("/signin", null, "token=" + ui.ana + "&next=%2F%2Fevil.example", null);
        assertThat(offSite.headers().firstValue("Location")).contains("/");
        assertThat(offSite.headers().firstValue("Location").orElseThrow()).doesNotContain("evil");
    }

    @Test
    void theDemoLinkSignsInAndTakesTheTokenOutOfTheAddress() throws Exception {
        HttpResponse<String> link = get("/products/dp.sales.orders/runs?token=" + ui.ana + "&limit=5", null);
        assertThat(link.statusCode()).isEqualTo(303);
        assertThat(link.headers().firstValue("Location")).contains("/products/dp.sales.orders/runs?limit=5");
        assertThat(link.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly");
        assertThat(get("/?token=forged", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aProductThePrincipalMayNotSeeAnswersLikeOneThatDoesNotExist() throws Exception {
        HttpResponse<String> hidden = get("/products/" + SampleMeshUi.HIDDEN, ui.ana);
        HttpResponse<String> missing = get("/products/dp.marketing.no-such-product", ui.ana);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(missing.body());
        assertThat(hidden.body()).doesNotContain("audience-segments").doesNotContain("Audience");
        for (String tab : new String[] {"schema", "quality", "lineage", "runs", "data", "access"}) {
            assertThat(get("/products/" + SampleMeshUi.HIDDEN + "/" + tab, ui.ana).statusCode()).as(tab).isEqualTo(404);
        }
        assertThat(get("/?q=campaign", ui.ana).body()).contains("dp.marketing.campaign-performance")
                .doesNotContain(SampleMeshUi.HIDDEN.toString());
        assertThat(get("/domains/marketing", ui.ana).body()).doesNotContain(SampleMeshUi.HIDDEN.toString());
        assertThat(get("/governance", ui.ana).body()).doesNotContain(SampleMeshUi.HIDDEN.toString())
                .contains("Products 1–6 of 6");
        assertThat(get("/governance", ui.mike).body()).contains(SampleMeshUi.HIDDEN.toString())
                .contains("Products 1–7 of 7");
        // a request for access to it is refused the same way, and nothing is filed
        assertThat(post("/products/" + SampleMeshUi.HIDDEN + "/access-requests", ui.ana, "purpose=x", null)
                .statusCode()).isEqualTo(404);

        // its owners see it
        HttpResponse<String> owner = get("/products/" + SampleMeshUi.HIDDEN + "/schema", ui.mike);
        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(owner.body()).contains(SampleMeshUi.HIDDEN.toString());
        assertThat(get("/products/not-an-id", ui.ana).statusCode()).isEqualTo(404);
        assertThat(get("/products/dp.customer.360/no-such-tab", ui.ana).statusCode()).isEqualTo(404);
    }

    @Test
    void whatPeopleTypeIsEscapedAndFormsFromOtherSitesAreRefused() throws Exception {
        String purpose = "<script>alert('x')</script> churn study";
        HttpResponse<String> filed = post("/products/dp.customer.360/access-requests", ui.ana,
                "purpose=" + URLEncoder.encode(purpose, StandardCharsets.UTF_8), "http://127.0.0.1:" + ui.server.port());
        assertThat(filed.statusCode()).isEqualTo(303);
        HttpResponse<String> owner = get("/products/dp.customer.360/access", ui.carol);
        assertThat(owner.body()).contains("&lt;script&gt;alert(").contains("churn study").doesNotContain("<script>alert(");

        HttpResponse<String> search = get("/?q=" + URLEncoder.encode("<b>x</b>", StandardCharsets.UTF_8), ui.ana);
        assertThat(search.body()).contains("value=\"&lt;b>x&lt;/b>\"").doesNotContain("<b>x</b>");

        int before = ui.mesh.access().myRequests(ui.principal("ana")).size();
        HttpResponse<String> crossSite = post("/products/dp.sales.orders/access-requests", ui.ana, "purpose=x",
                "http://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(ui.mesh.access().myRequests(ui.principal("ana"))).hasSize(before);

        HttpResponse<String> blank = post("/products/dp.sales.orders/access-requests", ui.ana, "purpose=+", null);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("field 'purpose'");
    }

    @Test
    void onlyOwnersDecideAndOnlyAuditorsReadTheAuditLog() throws Exception {
        String id = ui.mesh.access().request(ui.principal("ana"), SampleMeshUi.ORDERS, java.util.Optional.of("forecasting"),
                List.of()).id();
        HttpResponse<String> consumer = post("/access-requests/" + id + "/decision", ui.ana, "decision=approve", null);
        assertThat(consumer.statusCode()).isEqualTo(403);
        assertThat(consumer.body()).contains("only members of team 'sales-domain-team'");
        assertThat(post("/access-requests/" + id + "/decision", ui.carol, "decision=maybe", null).statusCode())
                .isEqualTo(400);

        assertThat(get("/audit", ui.ana).statusCode()).isEqualTo(403);
        HttpResponse<String> audit = get("/audit?action=request_access", ui.audrey);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("Chain intact").contains("forecasting");
        assertThat(get("/runs?limit=abc", ui.ana).statusCode()).isEqualTo(404);
        assertThat(get("/products/dp.sales.orders/runs?limit=abc", ui.ana).statusCode()).isEqualTo(400);
    }

    @Test
    void theSchemaTabShowsEachContractVersionAndWhatChanged(@TempDir Path copy) throws Exception {
        Path customer = copy.resolve("customer");
        Files.createDirectories(customer.resolve("data"));
        try (var files = Files.walk(SampleMeshUi.EXAMPLES.resolve("customer"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = customer.resolve(SampleMeshUi.EXAMPLES.resolve("customer").relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Path descriptor = customer.resolve("customer-360.yaml");
        String yaml = Files.readString(descriptor);
        Files.writeString(descriptor, yaml.replace("version: 2.1.0", "version: 2.2.0").replace(
                "      - {name: email, type: VARCHAR, classification: pii, mask: hash, description: Primary e-mail address, glossary: [email-address]}\n",
                "      - {name: email, type: VARCHAR, classification: pii, mask: hash, description: Primary e-mail address, glossary: [email-address]}\n"
                        + "      - {name: loyalty_tier, type: VARCHAR, description: Loyalty programme tier}\n"));
        assertThat(Files.readString(descriptor)).as("the test's edit of the sample descriptor applied").contains("loyalty_tier");
        ui.mesh.apply(List.of(descriptor), UserName.of("carol"));

        String schema = get("/products/dp.customer.360/schema", ui.ana).body();
        assertThat(schema).contains("loyalty_tier").contains("Loyalty programme tier");
        assertThat(schema.indexOf("2.2.0")).isLessThan(schema.indexOf("2.1.0"));
        assertThat(schema).contains("column 'loyalty_tier' added").contains("first published contract");
    }

    @Test
    void pagesRenderForAConsumer() throws Exception {
        for (String path : new String[] {"/", "/?all=1", "/?domain=sales", "/search?q=order", "/domains/customer",
                "/products/dp.customer.360", "/products/dp.customer.360/schema", "/products/dp.customer.360/quality",
                "/products/dp.customer.360/lineage", "/products/dp.customer.360/runs", "/products/dp.customer.360/data",
                "/products/dp.customer.360/access", "/governance"}) {
            HttpResponse<String> page = get(path, ui.ana);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        }
        assertThat(get("/products/dp.customer.360/data", ui.ana).body()).contains("may not read");
        assertThat(get("/ui/static/ui.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/cytoscape/3.33.1/dist/cytoscape.min.js", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ui.url(path))).GET();
        if (token != null) {
            request.header("Cookie", UiSession.COOKIE + "=" + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String form, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ui.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            request.header("Cookie", UiSession.COOKIE + "=" + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
