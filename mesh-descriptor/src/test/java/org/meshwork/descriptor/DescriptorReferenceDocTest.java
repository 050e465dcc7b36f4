package org.meshwork.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The descriptor reference documents every property of the JSON Schema, so the two cannot drift apart silently. */
class DescriptorReferenceDocTest {
    private static final Path SCHEMA = Path.of("../spec/descriptor.schema.json");
    private static final Path REFERENCE = Path.of("../docs/descriptor-reference.md");

    @Test
    void everySchemaPropertyIsDocumented() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(SCHEMA));
        String reference = Files.readString(REFERENCE);
        List<String> missing = new ArrayList<>();
        schema.get("$defs").fields().forEachRemaining(definition -> {
            JsonNode properties = definition.getValue().get("properties");
            if (properties != null) {
                properties.fieldNames().forEachRemaining(property -> {
                    if (!reference.contains("`" + property + "`") && !reference.contains("." + property + "`")) {
                        missing.add(definition.getKey() + "." + property);
                    }
                });
            }
        });
        assertThat(missing).as("schema properties missing from %s", REFERENCE).isEmpty();
    }

    /**
     * The reference's table of infrastructure fields has one row per field of the six sections, no row for a field the
     * schema does not have, and every value of a closed set in the row's values column.
     */
    @Test
    void everyInfrastructureFieldSaysWhatItDoesAndListsItsValues() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(SCHEMA));
        String reference = Files.readString(REFERENCE);
        int table = reference.indexOf("<!-- infrastructure-fields:");
        assertThat(table).as("the infrastructure-fields table in %s", REFERENCE).isNotNegative();
        java.util.Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        reference.substring(table).lines().skip(3).takeWhile(line -> line.startsWith("| `")).forEach(line -> {
            String[] cells = line.split(" \\| ");
            rows.put(cells[0].substring(3, cells[0].length() - 1), cells);
        });
        List<String> expected = new ArrayList<>();
        for (String section : List.of("storage", "processing", "orchestration", "quality", "discovery", "security")) {
            schema.get("$defs").get(section).get("properties").fields().forEachRemaining(field -> {
                String name = section + "." + field.getKey();
                expected.add(name);
                String[] row = rows.get(name);
                assertThat(row).as("row for %s", name).isNotNull().hasSize(3);
                assertThat(row[2]).as("what %s does", name).hasSizeGreaterThan(10);
                JsonNode values = field.getValue().get("enum");
                if (values != null) {
                    values.forEach(value -> assertThat(row[1]).as("values of %s", name).contains("`" + value.asText() + "`"));
                }
            });
        }
        assertThat(rows.keySet()).as("documented infrastructure fields").containsExactlyElementsOf(expected);
    }

    @Test
    void everyCheckKindIsDocumented() throws Exception {
        String reference = Files.readString(REFERENCE);
        for (CheckKind kind : CheckKind.values()) {
            assertThat(reference).contains("`" + kind.label() + "`");
        }
    }
}
