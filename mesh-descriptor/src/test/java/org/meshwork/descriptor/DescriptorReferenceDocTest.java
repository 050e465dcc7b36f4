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
                    if (!reference.contains("`" + property + "`")) {
                        missing.add(definition.getKey() + "." + property);
                    }
                });
            }
        });
        assertThat(missing).as("schema properties missing from %s", REFERENCE).isEmpty();
    }

    @Test
    void everyCheckKindIsDocumented() throws Exception {
        String reference = Files.readString(REFERENCE);
        for (CheckKind kind : CheckKind.values()) {
            assertThat(reference).contains("`" + kind.label() + "`");
        }
    }
}
