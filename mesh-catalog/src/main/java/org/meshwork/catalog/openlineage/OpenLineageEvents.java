package org.meshwork.catalog.openlineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.lineage.LineageInput;

/**
 * Builds OpenLineage 2-0-2 {@code RunEvent}s for product runs. The job is the product ({@code namespace} from
 * {@code mesh.yaml}, name the product id); inputs are its sources, the output its table. Facets: {@code jobType} and
 * {@code sql} on the job; {@code schema} on every dataset; on the output {@code columnLineage}, {@code documentation},
 * {@code ownership}, {@code tags}, and once the run ended {@code dataQualityAssertions} (the run's checks, which test
 * the output), {@code version} and {@code outputStatistics}; {@code errorMessage} on the run of a FAIL.
 * OpenLineage wants a UUID run id: it is derived from Meshwork's run id (name-based), so both events of a run agree.
 */
public final class OpenLineageEvents {
    /** Identifies Meshwork as the producer in every event and facet. */
    public static final String PRODUCER = "https://github.com/meshwork/meshwork";
    static final String EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private static final String FACETS = "https://openlineage.io/spec/facets/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenLineageEvents() {}

    /** The OpenLineage run id of a Meshwork run. */
    public static UUID runUuid(String runId) {
        return UUID.nameUUIDFromBytes(("meshwork-run:" + runId).getBytes(StandardCharsets.UTF_8));
    }

    public static String runEvent(RunEventInput in) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventTime", in.eventTime().toString());
        event.put("producer", PRODUCER);
        event.put("schemaURL", EVENT_SCHEMA);
        event.put("eventType", in.type().name());

        ObjectNode run = event.putObject("run");
        run.put("runId", runUuid(in.runId()).toString());
        ObjectNode runFacets = run.putObject("facets");
        if (in.type() == RunEventType.FAIL) {
            ObjectNode error = facet(runFacets, "errorMessage", "1-0-1/ErrorMessageRunFacet.json", "ErrorMessageRunFacet");
            error.put("message", in.error().orElse("the run failed"));
            error.put("programmingLanguage", "JAVA");
        }

        ObjectNode job = event.putObject("job");
        job.put("namespace", in.jobNamespace());
        job.put("name", in.product().id().toString());
        ObjectNode jobFacets = job.putObject("facets");
        ObjectNode jobType = facet(jobFacets, "jobType", "2-0-4/JobTypeJobFacet.json", "JobTypeJobFacet");
        jobType.put("processingType", "BATCH");
        jobType.put("integration", "MESHWORK");
        jobType.put("jobType", "DATA_PRODUCT");
        in.product().transformSql().ifPresent(sql -> {
            ObjectNode facet = facet(jobFacets, "sql", "1-1-0/SQLJobFacet.json", "SQLJobFacet");
            facet.put("query", sql);
            facet.put("dialect", "duckdb");
        });

        ArrayNode inputs = event.putArray("inputs");
        for (LineageInput input : in.lineage().inputs()) {
            DatasetName name = in.inputs().get(input.source());
            if (name == null) {
                continue;
            }
            ObjectNode dataset = inputs.addObject();
            dataset.put("namespace", name.namespace());
            dataset.put("name", name.name());
            ObjectNode facets = dataset.putObject("facets");
            Map<String, String> columns = in.inputColumns().get(input.source());
            if (columns != null && !columns.isEmpty()) {
                ObjectNode schema = facet(facets, "schema", "1-2-0/SchemaDatasetFacet.json", "SchemaDatasetFacet");
                ArrayNode fields = schema.putArray("fields");
                int position = 1;
                for (Map.Entry<String, String> column : columns.entrySet()) {
                    fields.addObject().put("name", column.getKey()).put("type", column.getValue())
                            .put("ordinal_position", position++);
                }
            }
        }

        ArrayNode outputs = event.putArray("outputs");
        outputs.add(output(in));
        return event.toString();
    }

    private static ObjectNode output(RunEventInput in) {
        CatalogProduct product = in.product();
        ObjectNode dataset = JSON.createObjectNode();
        dataset.put("namespace", in.output().namespace());
        dataset.put("name", in.output().name());
        ObjectNode facets = dataset.putObject("facets");
        if (!product.schema().isEmpty()) {
            ObjectNode schema = facet(facets, "schema", "1-2-0/SchemaDatasetFacet.json", "SchemaDatasetFacet");
            ArrayNode fields = schema.putArray("fields");
            int position = 1;
            for (ColumnSpec column : product.schema().columns()) {
                ObjectNode field = fields.addObject().put("name", column.name()).put("type", column.type())
                        .put("ordinal_position", position++);
                column.description().ifPresent(d -> field.put("description", d));
            }
        }
        columnLineage(in, facets);
        ObjectNode documentation = facet(facets, "documentation", "1-1-0/DocumentationDatasetFacet.json",
                "DocumentationDatasetFacet");
        documentation.put("description", product.displayName() + (product.description().isEmpty() ? ""
                : ": " + product.description()));
        documentation.put("contentType", "text/plain");
        List<String[]> owners = owners(product);
        if (!owners.isEmpty()) {
            ObjectNode ownership = facet(facets, "ownership", "1-0-1/OwnershipDatasetFacet.json", "OwnershipDatasetFacet");
            ArrayNode list = ownership.putArray("owners");
            owners.forEach(owner -> list.addObject().put("name", owner[0]).put("type", owner[1]));
        }
        if (!product.tags().isEmpty() || product.schema().columns().stream().anyMatch(ColumnSpec::isPii)) {
            ObjectNode tags = facet(facets, "tags", "1-0-0/TagsDatasetFacet.json", "TagsDatasetFacet");
            ArrayNode list = tags.putArray("tags");
            product.tags().forEach(tag -> list.addObject().put("key", tag).put("value", "true").put("source", "USER"));
            list.addObject().put("key", "sensitivity").put("value", product.sensitivity().label()).put("source", "USER");
            for (ColumnSpec column : product.schema().columns()) {
                column.classification().ifPresent(c -> list.addObject().put("key", "classification").put("value", c)
                        .put("source", "USER").put("field", column.name()));
            }
        }
        if (in.type() != RunEventType.START && !in.checks().isEmpty()) {
            ObjectNode quality = facet(facets, "dataQualityAssertions", "1-1-0/DataQualityAssertionsDatasetFacet.json",
                    "DataQualityAssertionsDatasetFacet");
            ArrayNode assertions = quality.putArray("assertions");
            for (CheckResult check : in.checks()) {
                ObjectNode assertion = assertions.addObject();
                assertion.put("assertion", check.kind());
                assertion.put("success", check.passed());
                assertion.put("name", check.name());
                assertion.put("severity", check.severity().name().toLowerCase(Locale.ROOT));
                assertion.put("expected", check.expectation());
                check.measured().ifPresent(m -> assertion.put("actual", String.valueOf(m)));
                assertion.put("description", check.message());
            }
        }
        if (in.type() == RunEventType.COMPLETE && in.tableVersion().isPresent()) {
            ObjectNode version = facet(facets, "version", "1-0-1/DatasetVersionDatasetFacet.json",
                    "DatasetVersionDatasetFacet");
            version.put("datasetVersion", String.valueOf(in.tableVersion().get()));
            ObjectNode outputFacets = dataset.putObject("outputFacets");
            ObjectNode statistics = facet(outputFacets, "outputStatistics",
                    "1-0-2/OutputStatisticsOutputDatasetFacet.json", "OutputStatisticsOutputDatasetFacet");
            in.rowsWritten().ifPresent(rows -> statistics.put("rowCount", rows));
            in.bytesWritten().ifPresent(bytes -> statistics.put("size", bytes));
        }
        return dataset;
    }

    private static void columnLineage(RunEventInput in, ObjectNode facets) {
        List<ColumnDerivation> known = in.lineage().transform().columns().stream().filter(ColumnDerivation::known).toList();
        if (known.isEmpty()) {
            return;
        }
        ObjectNode facet = facet(facets, "columnLineage", "1-2-0/ColumnLineageDatasetFacet.json", "ColumnLineageDatasetFacet");
        ObjectNode fields = facet.putObject("fields");
        for (ColumnDerivation derivation : known) {
            ObjectNode field = fields.putObject(derivation.column());
            ArrayNode inputFields = field.putArray("inputFields");
            for (ColumnRef ref : derivation.inputs()) {
                DatasetName name = in.lineage().input(ref.dataset()).map(i -> in.inputs().get(i.source())).orElse(null);
                if (name == null) {
                    continue;
                }
                ObjectNode input = inputFields.addObject();
                input.put("namespace", name.namespace());
                input.put("name", name.name());
                input.put("field", ref.column());
                input.putArray("transformations").addObject().put("type", "DIRECT")
                        .put("subtype", derivation.kind().name()).put("masking", false);
            }
        }
    }

    /** Owners as URNs: {@code team:customer-domain-team} (MAINTAINER), {@code user:chen} (the owner roles). */
    private static List<String[]> owners(CatalogProduct product) {
        List<String[]> owners = new ArrayList<>();
        product.ownerTeam().ifPresent(team -> owners.add(new String[] {"team:" + team, "MAINTAINER"}));
        product.ownership().technicalOwner().ifPresent(p -> owners.add(new String[] {"user:" + p, "TECHNICAL_OWNER"}));
        product.ownership().businessOwner().ifPresent(p -> owners.add(new String[] {"user:" + p, "BUSINESS_OWNER"}));
        product.ownership().steward().ifPresent(p -> owners.add(new String[] {"user:" + p, "STEWARD"}));
        return owners;
    }

    private static ObjectNode facet(ObjectNode facets, String key, String file, String definition) {
        ObjectNode facet = facets.putObject(key);
        facet.put("_producer", PRODUCER);
        facet.put("_schemaURL", FACETS + file + "#/$defs/" + definition);
        return facet;
    }
}
