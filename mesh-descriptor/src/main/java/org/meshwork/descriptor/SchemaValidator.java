package org.meshwork.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.meshwork.api.descriptor.Problem;

/**
 * Validates a document against {@code spec/descriptor.schema.json} (draft 2020-12) and turns each schema error into a
 * {@link Problem} at the YAML position of the offending value (or key, for unknown keys), in plain language, with a
 * did-you-mean hint for misspelt keys and values.
 */
final class SchemaValidator {
    /** Where the published schema is on the classpath. */
    static final String SCHEMA_RESOURCE = "/spec/descriptor.schema.json";

    private static final Map<String, String> PATTERN_MEANINGS = Map.of(
            "^[a-z0-9][a-z0-9_-]{0,62}$",
            "use 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit",
            "^dp\\.[a-z0-9][a-z0-9_-]{0,62}\\.[a-z0-9][a-z0-9_-]{0,62}$",
            "expected a product id dp.<domain>.<name>, e.g. dp.sales.orders");

    private final JsonNode schemaTree;
    private final JsonSchema schema;

    SchemaValidator() {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("descriptor schema " + SCHEMA_RESOURCE + " is not on the classpath");
            }
            schemaTree = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the descriptor schema " + SCHEMA_RESOURCE, e);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree, config);
    }

    /** The schema as a tree, e.g. for tests that check it against the binder. */
    JsonNode schemaTree() {
        return schemaTree;
    }

    List<Problem> validate(YamlDocument document) {
        Set<ValidationMessage> messages = schema.validate(document.tree());
        Set<Problem> problems = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            problems.add(translate(document, message));
        }
        return new ArrayList<>(problems);
    }

    private Problem translate(YamlDocument document, ValidationMessage message) {
        String path = path(message.getInstanceLocation());
        JsonNode instance = document.tree().at(pointer(message.getInstanceLocation()));
        JsonNode keyword = schemaTree.at(pointer(message.getSchemaLocation().getFragment()));
        String type = message.getType();
        switch (type) {
            case "additionalProperties", "unevaluatedProperties" -> {
                String property = property(message);
                String field = FieldPaths.child(path, property);
                List<String> allowed = new ArrayList<>();
                JsonNode owner = schemaTree.at(pointer(message.getSchemaLocation().getFragment().getParent()));
                owner.path("properties").fieldNames().forEachRemaining(allowed::add);
                String hint = Suggestions.didYouMean(property, allowed)
                        .orElse(allowed.isEmpty() ? null : "allowed here: " + String.join(", ", allowed));
                return Problem.error(document.keyPosition(field), field, "unknown field '" + property + "'", hint);
            }
            case "required" -> {
                String field = FieldPaths.child(path, property(message));
                return Problem.error(document.position(path), field, "missing required field '" + property(message) + "'");
            }
            case "type" -> {
                String expected = keyword.isArray() ? joinTypes(keyword) : article(keyword.asText());
                String hint = keyword.toString().contains("string") && (instance.isNumber() || instance.isBoolean())
                        ? "quote the value to make it text: \"" + instance.asText() + "\"" : null;
                return Problem.error(document.position(path), path, "expected " + expected + ", found " + describe(instance), hint);
            }
            case "enum" -> {
                List<String> allowed = new ArrayList<>();
                keyword.forEach(value -> allowed.add(value.asText()));
                String actual = instance.isValueNode() ? instance.asText() : describe(instance);
                String hint = instance.isTextual() ? Suggestions.didYouMean(actual, allowed).orElse(null) : null;
                return Problem.error(document.position(path), path, "'" + actual + "' is not one of: " + String.join(", ", allowed), hint);
            }
            case "const" -> {
                return Problem.error(document.position(path), path, "expected '" + keyword.asText() + "', found " + describe(instance));
            }
            case "pattern" -> {
                String meaning = PATTERN_MEANINGS.getOrDefault(keyword.asText(), "expected the form " + keyword.asText());
                return Problem.error(document.position(path), path, "'" + instance.asText() + "' is not valid: " + meaning);
            }
            case "minLength", "minItems" -> {
                return Problem.error(document.position(path), path, "must not be empty");
            }
            case "minimum" -> {
                return Problem.error(document.position(path), path, "must be at least " + keyword.asText() + ", found " + instance.asText());
            }
            case "maximum" -> {
                return Problem.error(document.position(path), path, "must be at most " + keyword.asText() + ", found " + instance.asText());
            }
            default -> {
                return Problem.error(document.position(path), path, message.getMessage());
            }
        }
    }

    private static String property(ValidationMessage message) {
        if (message.getProperty() != null) {
            return message.getProperty();
        }
        Object[] arguments = message.getArguments();
        return arguments != null && arguments.length > 0 ? String.valueOf(arguments[0]) : "?";
    }

    private static String path(JsonNodePath location) {
        String path = FieldPaths.ROOT;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? FieldPaths.index(path, index) : FieldPaths.child(path, String.valueOf(element));
        }
        return path;
    }

    private static String pointer(JsonNodePath location) {
        if (location == null) {
            return "";
        }
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            pointer.append('/').append(String.valueOf(location.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static String joinTypes(JsonNode types) {
        List<String> names = new ArrayList<>();
        types.forEach(type -> names.add(type.asText()));
        return article(String.join(" or ", names));
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> (type.startsWith("a") || type.startsWith("i") ? "an " : "a ") + type;
        };
    }

    /** How a YAML value reads to a user, for "expected X, found Y". */
    static String describe(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "an empty value";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        if (node.isIntegralNumber()) {
            return "an integer (" + node.asText() + ")";
        }
        if (node.isNumber()) {
            return "a number (" + node.asText() + ")";
        }
        return "text '" + node.asText() + "'";
    }
}
