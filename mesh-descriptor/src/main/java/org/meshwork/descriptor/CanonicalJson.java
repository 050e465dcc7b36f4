package org.meshwork.descriptor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The canonical text of a document: compact JSON with object keys sorted, so formatting and key order never matter.
 * The one exception is a source's {@code columns}: their order is the file's column order, so it is kept.
 */
final class CanonicalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ORDERED = Pattern.compile("spec\\.sources\\[\\d+]\\.columns");

    private CanonicalJson() {}

    static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(sorted(tree, FieldPaths.ROOT));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode sorted(JsonNode node, String path) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> iterator = node.fieldNames();
            iterator.forEachRemaining(names::add);
            if (!ORDERED.matcher(path).matches()) {
                names.sort(null);
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                result.set(name, sorted(node.get(name), FieldPaths.child(path, name)));
            }
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                result.add(sorted(node.get(i), FieldPaths.index(path, i)));
            }
            return result;
        }
        return node;
    }
}
