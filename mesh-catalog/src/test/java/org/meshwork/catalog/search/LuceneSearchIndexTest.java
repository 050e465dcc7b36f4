package org.meshwork.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.catalog.CatalogDocument;
import org.meshwork.api.catalog.EntryKind;
import org.meshwork.api.catalog.FacetCount;
import org.meshwork.api.catalog.SearchHit;
import org.meshwork.api.catalog.SearchQuery;
import org.meshwork.api.catalog.SearchResult;

/** Ranking, typos, prefixes, facets, filters and visibility on a real Lucene index in a temporary directory. */
class LuceneSearchIndexTest {
    @TempDir
    Path directory;
    private LuceneSearchIndex index;

    static CatalogDocument product(String id, String name, String domain, String description, List<String> tags,
            List<String> columns, String team, String sensitivity, String sla, boolean discoverable) {
        return new CatalogDocument(EntryKind.PRODUCT, id, name, domain, description, tags, columns, List.of(team + "-lead"),
                Optional.of(team), Optional.of(sensitivity), List.of(), Optional.of(Instant.parse("2026-11-24T10:00:00Z")),
                Optional.of(sla), discoverable);
    }

    @BeforeEach
    void fill() {
        index = LuceneSearchIndex.open(directory.resolve("index"));
        index.replaceAll(List.of(
                product("dp.customer.360", "Customer 360 View", "customer", "Unified profile of every customer",
                        List.of("customer", "profile"), List.of("customer_id: the key", "email: contact address"),
                        "customer-team", "confidential", "green", true),
                product("dp.sales.orders", "Orders", "sales", "Every order placed; useful to study customer churn",
                        List.of("orders", "revenue"), List.of("order_id", "customer_id: who ordered"),
                        "sales-team", "internal", "amber", true),
                product("dp.marketing.churn", "Churn Risk Scores", "marketing", "Predicted churn per account",
                        List.of("churn", "ml"), List.of("account_id", "score"), "marketing-team", "internal", "green", true),
                product("dp.finance.payroll", "Payroll", "finance", "Salaries per customer support employee",
                        List.of("salary"), List.of("employee_id"), "finance-team", "restricted", "red", false)), "g1");
    }

    @AfterEach
    void close() {
        index.close();
    }

    private List<String> ids(SearchResult result) {
        return result.hits().stream().map(SearchHit::id).toList();
    }

    @Test
    void nameAndTagsRankAboveADescriptionThatOnlyMentionsTheTerm() {
        SearchResult result = index.search(SearchQuery.of("customer"), id -> false);

        assertThat(ids(result)).first().isEqualTo("dp.customer.360");
        assertThat(ids(result)).contains("dp.sales.orders");
        assertThat(ids(result).indexOf("dp.customer.360")).isLessThan(ids(result).indexOf("dp.sales.orders"));
    }

    @Test
    void twoTermsFavourTheEntryMatchingBoth() {
        SearchResult result = index.search(SearchQuery.of("churn risk"), id -> false);

        assertThat(ids(result)).first().isEqualTo("dp.marketing.churn");
        assertThat(ids(result)).contains("dp.sales.orders");
    }

    @Test
    void aTypoStillFindsTheProduct() {
        SearchResult result = index.search(SearchQuery.of("custmer"), id -> false);

        assertThat(ids(result)).first().isEqualTo("dp.customer.360");
    }

    @Test
    void aPrefixStillFindsTheProduct() {
        assertThat(ids(index.search(SearchQuery.of("cust"), id -> false))).first().isEqualTo("dp.customer.360");
        assertThat(ids(index.search(SearchQuery.of("payr"), id -> true))).containsExactly("dp.finance.payroll");
    }

    @Test
    void columnNamesAreSearchable() {
        assertThat(ids(index.search(SearchQuery.of("account_id"), id -> false))).first().isEqualTo("dp.marketing.churn");
    }

    @Test
    void facetsCountTheMatchesAndFiltersNarrowThem() {
        SearchResult all = index.search(SearchQuery.of(""), id -> false);
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.facets().get("domain")).extracting(FacetCount::value)
                .containsExactlyInAnyOrder("customer", "sales", "marketing");
        assertThat(all.facets().get("sensitivity")).contains(new FacetCount("internal", 2), new FacetCount("confidential", 1));
        assertThat(all.facets().get("sla_status")).contains(new FacetCount("green", 2), new FacetCount("amber", 1));
        assertThat(all.facets().get("owner_team")).hasSize(3);
        assertThat(all.facets().get("tag")).contains(new FacetCount("churn", 1));

        SearchResult sales = index.search(SearchQuery.of("customer").withDomain("sales"), id -> false);
        assertThat(ids(sales)).containsExactly("dp.sales.orders");
        assertThat(sales.facets().get("domain")).containsExactly(new FacetCount("sales", 1));

        assertThat(ids(index.search(SearchQuery.of("").withTags(List.of("ML")), id -> false)))
                .containsExactly("dp.marketing.churn");
        assertThat(ids(index.search(SearchQuery.of("").withSlaStatus("amber"), id -> false)))
                .containsExactly("dp.sales.orders");
    }

    @Test
    void aProductThatIsNotDiscoverableIsFoundOnlyByThoseAllowed() {
        assertThat(ids(index.search(SearchQuery.of("payroll"), id -> false))).isEmpty();
        assertThat(index.search(SearchQuery.of(""), id -> false).facets().get("domain"))
                .extracting(FacetCount::value).doesNotContain("finance");

        SearchResult allowed = index.search(SearchQuery.of("payroll"), id -> id.equals("dp.finance.payroll"));
        assertThat(ids(allowed)).containsExactly("dp.finance.payroll");
        assertThat(allowed.hits().get(0).owner()).contains("finance-team");
        assertThat(allowed.hits().get(0).slaStatus()).contains("red");
    }

    @Test
    void upsertReplacesAnEntryAndRecordsTheGeneration() {
        assertThat(index.generation()).contains("g1");
        index.upsert(List.of(product("dp.sales.orders", "Sales Orders", "sales", "Orders", List.of(), List.of(),
                "sales-team", "internal", "red", true)), "g2");

        assertThat(index.generation()).contains("g2");
        SearchResult result = index.search(SearchQuery.of("orders"), id -> false);
        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.name()).isEqualTo("Sales Orders");
            assertThat(hit.slaStatus()).contains("red");
        });
    }

    @Test
    void aMissingIndexHasNoGenerationAndFindsNothing(@TempDir Path empty) {
        try (LuceneSearchIndex fresh = LuceneSearchIndex.open(empty.resolve("index"))) {
            assertThat(fresh.generation()).isEmpty();
            assertThat(fresh.search(SearchQuery.of("customer"), id -> true).hits()).isEmpty();
        }
    }

    @Test
    void longDescriptionsAreShortenedOnAWordBoundary() {
        String text = "word ".repeat(60);
        assertThat(LuceneSearchIndex.shorten(text)).endsWith("…").hasSizeLessThanOrEqualTo(121);
    }
}
