package org.meshwork.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.catalog.FacetCount;
import org.meshwork.api.catalog.SearchHit;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.catalog.docs.DocsFormat;
import org.meshwork.catalog.domains.DomainMap;
import org.meshwork.catalog.lineage.ColumnImpact;
import org.meshwork.catalog.lineage.GraphFormat;
import org.meshwork.catalog.lineage.LineageDirection;
import org.meshwork.catalog.lineage.LineageView;
import org.meshwork.catalog.lineage.ProductLineage;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.testing.openlineage.OpenLineageSchemas;

/**
 * The catalog over the sample mesh, end to end: applied and run for real (SQLite, DuckDB, Delta), then searched,
 * followed through lineage (DuckDB's parser on the real transforms), mapped by domain, documented; every OpenLineage
 * event the runs emitted is validated against the official schemas.
 */
class CatalogIT {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final UserName ADMIN = UserName.of("olivia");
    private static final List<String> ORDER = List.of("dp.customer.360", "dp.product.catalog", "dp.product.usage-events",
            "dp.sales.orders", "dp.marketing.campaign-performance");
    private static final ProductId CUSTOMER_360 = ProductId.parse("dp.customer.360");
    private static final ProductId CAMPAIGNS = ProductId.parse("dp.marketing.campaign-performance");

    @TempDir
    Path directory;
    private Path home;
    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(directory.resolve("ws"));
        Files.copy(EXAMPLES.resolve(".meshwork/mesh.yaml"), home.resolve("mesh.yaml"));
        mesh = Mesh.open(home, Map.of());
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private void applyAndRunTheSampleMesh() {
        mesh.apply(List.of(EXAMPLES), ADMIN);
        for (String id : ORDER) {
            RunRecord run = mesh.run(ProductId.parse(id), ADMIN, RunProgress.NONE);
            assertThat(run.status()).as("%s: %s", id, run.error()).isEqualTo(RunStatus.SUCCEEDED);
        }
        RunRecord spark = mesh.run(ProductId.parse("dp.marketing.marketing-campaign-data"), ADMIN, RunProgress.NONE);
        assertThat(spark.status()).isEqualTo(RunStatus.FAILED);
        mesh.catalog().openLineage().flush(Duration.ofSeconds(10));
    }

    private List<String> ids(SearchResult result) {
        return result.hits().stream().map(SearchHit::id).toList();
    }

    private SearchResult search(SearchQuery query, String user) {
        return mesh.catalog().search(query, mesh.mayDiscover(UserName.of(user)));
    }

    @Test
    void searchFindsProductsByTyposAndPrefixesWithFreshnessSlaAndFacets() {
        applyAndRunTheSampleMesh();

        assertThat(ids(search(SearchQuery.of("custmer"), "ana"))).contains("customer", "dp.customer.360");
        SearchResult typo = search(SearchQuery.of("custmer").withKind(org.meshwork.api.catalog.EntryKind.PRODUCT), "ana");
        assertThat(ids(typo)).first().isEqualTo("dp.customer.360");
        SearchHit hit = typo.hits().get(0);
        assertThat(hit.name()).isEqualTo("Customer 360 View");
        assertThat(hit.owner()).contains("customer-domain-team");
        assertThat(hit.lastPublished()).isPresent();
        assertThat(hit.slaStatus()).isPresent();

        assertThat(ids(search(SearchQuery.of("campa"), "ana"))).first().isEqualTo(CAMPAIGNS.toString());
        assertThat(ids(search(SearchQuery.of("attribution"), "ana"))).contains(CAMPAIGNS.toString());

        SearchResult sales = search(SearchQuery.of("").withDomain("sales"), "ana");
        assertThat(sales.hits()).isNotEmpty().allMatch(h -> h.domain().equals("sales"));
        SearchResult all = search(SearchQuery.of(""), "ana");
        assertThat(all.facets().get("domain")).extracting(FacetCount::value)
                .contains("customer", "sales", "marketing", "product");
        assertThat(all.facets().get("sensitivity")).isNotEmpty();
        assertThat(all.facets().get("sla_status")).isNotEmpty();
        assertThat(all.facets().get("owner_team")).extracting(FacetCount::value).contains("customer-domain-team");
    }

    @Test
    void aProductThatIsNotDiscoverableIsFoundOnlyByItsOwnersAndAdmins() throws IOException {
        mesh.apply(List.of(EXAMPLES.resolve("customer")), ADMIN);
        Path hidden = Files.writeString(directory.resolve("audit.yaml"), """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: payroll-audit, namespace: customer}
                spec:
                  display_name: Payroll Audit
                  description: Salaries of the support staff, for the auditors
                  owner_team: customer-domain-team
                  version: 1.0.0
                  sensitivity_level: restricted
                  sources:
                    - {name: crm, type: csv, path: data/crm.csv, columns: {employee_id: BIGINT}}
                  discovery: {discoverable: false}
                """);
        mesh.apply(List.of(hidden), UserName.of("carol"));

        assertThat(ids(search(SearchQuery.of("payroll"), "sam"))).isEmpty();
        assertThat(search(SearchQuery.of(""), "sam").facets().get("sensitivity")).extracting(FacetCount::value)
                .doesNotContain("restricted");
        assertThat(ids(search(SearchQuery.of("payroll"), "carol"))).containsExactly("dp.customer.payroll-audit");
        assertThat(ids(search(SearchQuery.of("payroll"), "olivia"))).containsExactly("dp.customer.payroll-audit");
    }

    @Test
    void glossaryTermsAreSearchableAndFindTheProductsWhoseColumnsStandForThem() throws IOException {
        mesh.apply(List.of(EXAMPLES), ADMIN);

        // "client" is a synonym of the customer domain's term customer, which customer_id columns link to
        SearchResult client = search(SearchQuery.of("client"), "ana");
        assertThat(ids(client)).contains("customer", CUSTOMER_360.toString(), "dp.sales.orders");
        assertThat(client.hits()).filteredOn(hit -> hit.id().equals("customer")).singleElement()
                .satisfies(hit -> assertThat(hit.kind()).isEqualTo(org.meshwork.api.catalog.EntryKind.GLOSSARY_TERM));
        assertThat(ids(search(SearchQuery.of("patron"), "ana"))).doesNotContain(CUSTOMER_360.toString());

        // a new synonym reaches every product linking to the term, without a reindex by hand
        Path term = directory.resolve("customer-term.yaml");
        Files.writeString(term, """
                apiVersion: platform/v1
                kind: GlossaryTerm
                metadata: {name: customer, namespace: customer}
                spec: {definition: Someone who bought from us, synonyms: [client, patron]}
                """);
        mesh.apply(List.of(term), UserName.of("carol"));
        assertThat(ids(search(SearchQuery.of("patron"), "ana"))).contains("customer", CUSTOMER_360.toString(),
                "dp.sales.orders");
        assertThat(mesh.catalog().docs(CUSTOMER_360, org.meshwork.catalog.docs.DocsFormat.MD))
                .contains("glossary: customer");
    }

    @Test
    void theIndexIsRebuiltFromTheStoreWhenMissingOrStale() throws IOException {
        mesh.apply(List.of(EXAMPLES), ADMIN);
        mesh.close();
        try (Stream<Path> files = Files.walk(home.resolve("index"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        mesh = Mesh.open(home, Map.of());
        assertThat(ids(search(SearchQuery.of("orders"), "ana"))).contains("dp.sales.orders");

        // another process runs a product: the index no longer matches the store and is rebuilt on the next search
        String before = mesh.catalog().generation();
        try (Mesh other = Mesh.open(home, Map.of())) {
            other.run(CUSTOMER_360, ADMIN, RunProgress.NONE);
            other.catalog().openLineage().flush(Duration.ofSeconds(10));
        }
        assertThat(mesh.catalog().generation()).isNotEqualTo(before);
        assertThat(search(SearchQuery.of("customer 360"), "ana").hits().get(0).lastPublished()).isPresent();
        assertThat(mesh.catalog().reindex()).isEqualTo(4 + 6 + 2); // domains, products, glossary terms
    }

    @Test
    void columnLineageOfTheSampleTransformsComesFromDuckDbsParser() {
        mesh.apply(List.of(EXAMPLES), ADMIN);

        ProductLineage customer = mesh.catalog().lineage(mesh.products().get(CUSTOMER_360));
        assertThat(customer.transform().column("email")).hasValueSatisfying(c -> {
            assertThat(c.inputs()).extracting(Object::toString).containsExactly("crm.email");
            assertThat(c.kind()).as("lower(c.email)").isEqualTo(DerivationKind.TRANSFORMATION);
        });
        assertThat(customer.transform().column("full_name")).hasValueSatisfying(c ->
                assertThat(c.kind()).isEqualTo(DerivationKind.IDENTITY));
        assertThat(customer.transform().column("open_tickets")).hasValueSatisfying(c -> {
            assertThat(c.inputs()).extracting(Object::toString).containsExactly("tickets.status", "tickets.ticket_id");
            assertThat(c.kind()).isEqualTo(DerivationKind.AGGREGATION);
        });
        assertThat(customer.input("crm")).hasValueSatisfying(i -> assertThat(i.node()).isEqualTo("system:crm_system"));

        ProductLineage campaigns = mesh.catalog().lineage(mesh.products().get(CAMPAIGNS));
        assertThat(campaigns.transform().column("campaign_name")).hasValueSatisfying(c ->
                assertThat(c.inputs()).extracting(Object::toString).containsExactly("campaigns.name"));
        assertThat(campaigns.transform().column("attributed_revenue")).hasValueSatisfying(c -> {
            assertThat(c.inputs()).extracting(Object::toString).containsExactly("orders.amount");
            assertThat(c.kind()).isEqualTo(DerivationKind.AGGREGATION);
        });
        assertThat(campaigns.transform().column("customers_reached")).hasValueSatisfying(c ->
                assertThat(c.known()).as("a scalar subquery is not followed").isFalse());

        List<ColumnImpact> impact = mesh.catalog().columnLineage(CUSTOMER_360, "segment", LineageDirection.DOWNSTREAM, 5);
        assertThat(impact).filteredOn(ColumnImpact::certain).extracting(i -> i.node() + "." + i.column())
                .contains(CAMPAIGNS + ".enterprise_revenue");

        List<ColumnImpact> origin = mesh.catalog().columnLineage(CUSTOMER_360, "email", LineageDirection.UPSTREAM, 5);
        assertThat(origin).extracting(i -> i.node() + "." + i.column()).containsExactly("system:crm_system.email");

        LineageView upstream = mesh.catalog().lineage(CAMPAIGNS, LineageDirection.UPSTREAM, 2, false);
        assertThat(upstream.nodes()).extracting(LineageView.Node::id).contains("dp.sales.orders", "dp.customer.360",
                "system:marketing_automation", "system:crm_system", "dp.product.catalog");
        LineageView downstream = mesh.catalog().lineage(CUSTOMER_360, LineageDirection.DOWNSTREAM, 1, false);
        assertThat(downstream.edges()).extracting(LineageView.Edge::to).containsExactly(CAMPAIGNS.toString());

        assertThatThrownBy(() -> mesh.catalog().lineage(CAMPAIGNS, LineageDirection.UPSTREAM, 0, false))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--depth");
    }

    @Test
    void theDomainMapOfTheSampleMeshFollowsTheProductsBetweenDomains() {
        mesh.apply(List.of(EXAMPLES), ADMIN);

        DomainMap map = mesh.catalog().domainMap();

        assertThat(map.domains()).containsExactly("customer", "marketing", "product", "sales");
        assertThat(map.edges()).extracting(e -> e.from() + "->" + e.to())
                .containsExactlyInAnyOrder("customer->marketing", "sales->marketing", "product->sales");
        assertThat(map.overlaps()).isEmpty();
        assertThat(map.render(GraphFormat.MERMAID)).contains("dp.sales.orders → dp.marketing.campaign-performance");
    }

    @Test
    void generatedDocsShowEverySectionAndAreWrittenWhenTheProductAsks() throws IOException {
        applyAndRunTheSampleMesh();

        String markdown = mesh.catalog().docs(CUSTOMER_360, DocsFormat.MD);
        assertThat(markdown).startsWith("# Customer 360 View (dp.customer.360)")
                .contains("## Owners and contacts", "customer-domain-team", "#customer-data")
                .contains("## Schema", "| email | VARCHAR | yes | pii | Primary e-mail address | masked: hash, glossary: email-address |")
                .contains("## Service levels", "## Quality checks", "customer\\_id\\_unique", "passed")
                .contains("## Lineage", "system crm\\_system", "dp.marketing.campaign-performance")
                .contains("## Versions", "## How to access", "GET /api/v1/products/dp.customer.360/data?select=",
                        "mesh access request dp.customer.360 --purpose");
        String html = mesh.catalog().docs(CUSTOMER_360, DocsFormat.HTML);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2>Schema</h2>").contains("<td>email</td>")
                .doesNotContain("<script");

        assertThat(home.resolve("docs/dp.customer.360.md")).exists();
        assertThat(home.resolve("docs/dp.customer.360.html")).exists();
        assertThat(home.resolve("docs/dp.product.usage-events.md")).as("usage-events does not ask for docs").doesNotExist();
    }

    @Test
    void everyOpenLineageEventOfTheRunsValidatesAgainstTheOfficialSchemas() throws IOException {
        applyAndRunTheSampleMesh();

        Path lineage = home.resolve("lineage");
        List<String> lines;
        try (Stream<Path> files = Files.list(lineage)) {
            lines = files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(lines).hasSize(2 * (ORDER.size() + 1));
        assertThat(lines).filteredOn(l -> l.contains("\"eventType\":\"START\"")).hasSize(ORDER.size() + 1);
        assertThat(lines).filteredOn(l -> l.contains("\"eventType\":\"COMPLETE\"")).hasSize(ORDER.size());
        assertThat(lines).filteredOn(l -> l.contains("\"eventType\":\"FAIL\"")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("\"columnLineage\"")).isNotEmpty();
        assertThat(lines).filteredOn(l -> l.contains("\"dataQualityAssertions\"")).isNotEmpty();
        assertThat(new OpenLineageSchemas().problemsInDirectory(lineage)).isEmpty();

        RunRecord run = mesh.runs(CUSTOMER_360, 1).get(0);
        assertThat(mesh.catalog().runLineage(run.runId())).hasValueSatisfying(l ->
                assertThat(l.product()).isEqualTo(CUSTOMER_360));
    }

    @Test
    void eventsArePostedToAConfiguredEndpointAndValidate() throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/lineage", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        try {
            mesh.close();
            Files.writeString(home.resolve("mesh.yaml"), Files.readString(home.resolve("mesh.yaml"))
                    + "lineage:\n  namespace: meshwork-test\n  endpoint: http://127.0.0.1:" + server.getAddress().getPort()
                    + "/api/v1/lineage\n  api_key_env: MARQUEZ_TOKEN\n");
            mesh = Mesh.open(home, Map.of("MARQUEZ_TOKEN", "s3cret"));
            mesh.apply(List.of(EXAMPLES.resolve("customer")), ADMIN);
            mesh.run(CUSTOMER_360, ADMIN, RunProgress.NONE);
            mesh.catalog().openLineage().flush(Duration.ofSeconds(10));

            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(0)).contains("\"eventType\":\"START\"", "\"namespace\":\"meshwork-test\"");
            assertThat(bodies.get(1)).contains("\"eventType\":\"COMPLETE\"");
            assertThat(auth).containsOnly("Bearer s3cret");
            OpenLineageSchemas schemas = new OpenLineageSchemas();
            bodies.forEach(body -> assertThat(schemas.problems(body)).isEmpty());
            assertThat(home.resolve("lineage")).doesNotExist();
        } finally {
            server.stop(0);
        }
    }
}
