package org.meshwork.catalog.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.SampleMeshProducts;
import org.meshwork.catalog.lineage.ProductLineage;
import org.meshwork.catalog.lineage.ProductLineageBuilder;
import org.meshwork.testing.openlineage.OpenLineageSchemas;

/** Every event the builder makes validates against the official OpenLineage schemas; and the validator bites. */
class OpenLineageEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final OpenLineageSchemas schemas = new OpenLineageSchemas();
    private final Map<ProductId, CatalogProduct> products = SampleMeshProducts.load();

    private RunEventInput input(ProductId id, RunEventType type, List<CheckResult> checks, Optional<String> error) {
        CatalogProduct product = products.get(id);
        ProductLineage lineage = new ProductLineageBuilder(SampleMeshProducts.sameNameAnalyzer(product))
                .build(product, upstream -> Optional.ofNullable(products.get(upstream))
                        .map(p -> p.schema().columns().stream().map(c -> c.name()).toList()));
        Map<String, DatasetName> inputs = new LinkedHashMap<>();
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        for (SourceSpec source : product.sources()) {
            inputs.put(source.name(), DatasetNames.of(source, Path.of("/mesh/examples"), p -> Path.of("/lake", p.toString())));
            columns.put(source.name(), source.columns());
        }
        return new RunEventInput(type, NOW, "run-20261124-1", "meshwork", product, lineage, inputs, columns,
                DatasetNames.ofTable(Path.of("/lake", id.toString())), Optional.of(3L), Optional.of(120L),
                Optional.of(4096L), checks, error);
    }

    private static CheckResult check(String name, boolean passed) {
        return new CheckResult(name, "row_count", CheckSeverity.ERROR, Optional.of(42.0), "> 10", passed,
                passed ? "42 rows" : "only 42 rows", java.util.OptionalLong.empty(), List.of());
    }

    @Test
    void startCompleteAndFailEventsOfEverySampleProductValidate() {
        for (ProductId id : products.keySet()) {
            for (RunEventType type : RunEventType.values()) {
                String event = OpenLineageEvents.runEvent(input(id, type, List.of(check("row_count", type != RunEventType.FAIL)),
                        type == RunEventType.FAIL ? Optional.of("check row_count failed") : Optional.empty()));
                assertThat(schemas.problems(event)).as(id + " " + type + ": " + event).isEmpty();
            }
        }
    }

    @Test
    void aCompleteEventCarriesLineageQualityOwnershipAndDocumentation() throws Exception {
        ProductId id = ProductId.parse("dp.customer.360");
        JsonNode event = JSON.readTree(OpenLineageEvents.runEvent(input(id, RunEventType.COMPLETE,
                List.of(check("row_count", true)), Optional.empty())));

        assertThat(event.path("job").path("name").asText()).isEqualTo("dp.customer.360");
        assertThat(event.path("run").path("runId").asText()).isEqualTo(OpenLineageEvents.runUuid("run-20261124-1").toString());
        assertThat(event.path("inputs")).hasSize(2);
        assertThat(event.path("inputs").get(0).path("namespace").asText()).isEqualTo("file");
        assertThat(event.path("inputs").get(0).path("name").asText()).isEqualTo("/mesh/examples/data/crm_customers.csv");
        JsonNode output = event.path("outputs").get(0);
        assertThat(output.path("name").asText()).isEqualTo("/lake/dp.customer.360");
        JsonNode email = output.path("facets").path("columnLineage").path("fields").path("email");
        assertThat(email.path("inputFields").get(0).path("field").asText()).isEqualTo("email");
        assertThat(email.path("inputFields").get(0).path("name").asText()).endsWith("crm_customers.csv");
        assertThat(output.path("facets").path("dataQualityAssertions").path("assertions").get(0).path("success").asBoolean())
                .isTrue();
        assertThat(output.path("facets").path("ownership").path("owners").toString()).contains("team:customer-domain-team");
        assertThat(output.path("facets").path("documentation").path("description").asText()).contains("Customer 360 View");
        assertThat(output.path("facets").path("version").path("datasetVersion").asText()).isEqualTo("3");
        assertThat(output.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(120);
    }

    @Test
    void aFailEventCarriesTheErrorAndNoNewVersion() throws Exception {
        JsonNode event = JSON.readTree(OpenLineageEvents.runEvent(input(ProductId.parse("dp.customer.360"),
                RunEventType.FAIL, List.of(), Optional.of("boom"))));

        assertThat(event.path("eventType").asText()).isEqualTo("FAIL");
        assertThat(event.path("run").path("facets").path("errorMessage").path("message").asText()).isEqualTo("boom");
        assertThat(event.path("outputs").get(0).path("facets").has("version")).isFalse();
    }

    @Test
    void theValidatorRejectsAnEventWithoutARunIdAndAFacetBreakingItsSchema() throws Exception {
        String valid = OpenLineageEvents.runEvent(input(ProductId.parse("dp.customer.360"), RunEventType.START, List.of(),
                Optional.empty()));
        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(valid);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("run")).remove("runId");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("job").path("facets").path("sql")).remove("query");

        List<String> problems = schemas.problems(broken.toString());
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("event:").contains("runId"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("job.facets.sql").contains("query"));
    }

    @Test
    void theFileSinkAppendsOneLinePerEventAndEveryLineValidates(@TempDir Path directory) {
        FileLineageSink sink = new FileLineageSink(directory, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        ProductId id = ProductId.parse("dp.marketing.campaign-performance");
        sink.send(OpenLineageEvents.runEvent(input(id, RunEventType.START, List.of(), Optional.empty())));
        sink.send(OpenLineageEvents.runEvent(input(id, RunEventType.COMPLETE, List.of(check("c", true)), Optional.empty())));

        assertThat(directory.resolve("openlineage-2026-11-24.ndjson")).content().hasLineCount(2);
        assertThat(schemas.problemsInDirectory(directory)).isEmpty();
    }

    @Test
    void datasetNamesFollowTheOpenLineageConventions() {
        SourceSpec postgres = new SourceSpec("orders", org.meshwork.api.descriptor.SourceType.JDBC, Optional.empty(),
                Map.of(), Map.of(), Optional.empty(), Optional.of("jdbc:postgresql://db.internal/sales?ssl=true"),
                Optional.empty(), Optional.of("orders"), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(DatasetNames.of(postgres, Path.of("/x"), p -> Path.of("/lake")))
                .isEqualTo(new DatasetName("postgres://db.internal:5432", "sales.public.orders"));
        SourceSpec http = new SourceSpec("rates", org.meshwork.api.descriptor.SourceType.HTTP, Optional.empty(), Map.of(),
                Map.of(), Optional.empty(), Optional.of("https://api.example.com/v1/rates?day=1"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(DatasetNames.of(http, Path.of("/x"), p -> Path.of("/lake")))
                .isEqualTo(new DatasetName("https://api.example.com", "/v1/rates"));
        SourceSpec s3 = new SourceSpec("events", org.meshwork.api.descriptor.SourceType.PARQUET,
                Optional.of("s3://bucket/events/2026.parquet"), Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(DatasetNames.of(s3, Path.of("/x"), p -> Path.of("/lake")))
                .isEqualTo(new DatasetName("s3://bucket", "events/2026.parquet"));
    }
}
