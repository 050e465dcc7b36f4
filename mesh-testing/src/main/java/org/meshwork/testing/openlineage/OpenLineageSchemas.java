package org.meshwork.testing.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Validates OpenLineage events against the official JSON Schemas (copied under {@code openlineage/} on the classpath):
 * the event against {@code OpenLineage.json}, and every facet whose name has an official facet schema against it
 * (the event schema alone accepts any facet content). Facets without a schema here are reported, so a new facet
 * cannot slip through unchecked.
 */
public final class OpenLineageSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "https://openlineage.io/spec/";
    private static final Map<String, String> FACET_SCHEMAS = Map.ofEntries(
            Map.entry("columnLineage", "facets/1-2-0/ColumnLineageDatasetFacet.json"),
            Map.entry("dataQualityAssertions", "facets/1-1-0/DataQualityAssertionsDatasetFacet.json"),
            Map.entry("dataQualityMetrics", "facets/1-0-3/DataQualityMetricsInputDatasetFacet.json"),
            Map.entry("version", "facets/1-0-1/DatasetVersionDatasetFacet.json"),
            Map.entry("documentation", "facets/1-1-0/DocumentationDatasetFacet.json"),
            Map.entry("errorMessage", "facets/1-0-1/ErrorMessageRunFacet.json"),
            Map.entry("jobType", "facets/2-0-4/JobTypeJobFacet.json"),
            Map.entry("outputStatistics", "facets/1-0-2/OutputStatisticsOutputDatasetFacet.json"),
            Map.entry("ownership", "facets/1-0-1/OwnershipDatasetFacet.json"),
            Map.entry("sql", "facets/1-1-0/SQLJobFacet.json"),
            Map.entry("schema", "facets/1-2-0/SchemaDatasetFacet.json"),
            Map.entry("tags", "facets/1-0-0/TagsDatasetFacet.json"));

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(PREFIX, "classpath:openlineage/")));
    private final JsonSchema event = factory.getSchema(SchemaLocation.of(PREFIX + "2-0-2/OpenLineage.json"));

    /** Every problem of one event (one JSON document); empty when it is valid. */
    public List<String> problems(String eventJson) {
        JsonNode tree;
        try {
            tree = JSON.readTree(eventJson);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : event.validate(tree)) {
            problems.add("event: " + message.getMessage());
        }
        checkFacets(tree.path("run").path("facets"), "run.facets", problems);
        checkFacets(tree.path("job").path("facets"), "job.facets", problems);
        for (String side : List.of("inputs", "outputs")) {
            int index = 0;
            for (JsonNode dataset : tree.path(side)) {
                String at = side + "[" + index++ + "]";
                checkFacets(dataset.path("facets"), at + ".facets", problems);
                checkFacets(dataset.path("inputFacets"), at + ".inputFacets", problems);
                checkFacets(dataset.path("outputFacets"), at + ".outputFacets", problems);
            }
        }
        return problems;
    }

    private void checkFacets(JsonNode facets, String at, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = facets.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> facet = fields.next();
            String file = FACET_SCHEMAS.get(facet.getKey());
            if (file == null) {
                problems.add(at + "." + facet.getKey() + ": no official schema to validate this facet against");
                continue;
            }
            JsonSchema schema = factory.getSchema(SchemaLocation.of(PREFIX + file));
            Set<ValidationMessage> messages = schema.validate(JSON.createObjectNode().set(facet.getKey(), facet.getValue()));
            messages.forEach(m -> problems.add(at + "." + facet.getKey() + ": " + m.getMessage()));
        }
    }

    /** Every problem of every event in the NDJSON files of {@code directory}, each prefixed with file:line. */
    public List<String> problemsInDirectory(Path directory) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return problems;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String location = file.getFileName() + ":" + (i + 1) + ": ";
                    problems(lines.get(i)).forEach(p -> problems.add(location + p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** Whether the classpath copy of the schemas is complete (for a sanity test). */
    public static boolean schemasPresent() {
        try (InputStream in = OpenLineageSchemas.class.getClassLoader()
                .getResourceAsStream("openlineage/2-0-2/OpenLineage.json")) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }
}
