package org.meshwork.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.meshwork.api.InvalidArgumentException;

/**
 * Strict reading of a JSON request body: it must be an object (an empty body counts as {@code {}} when every field is
 * optional), unknown fields are errors naming the field and the expected ones, and each field has one type.
 */
final class JsonBody {
    private static final long LIMIT = 100_000;

    private final JsonNode body;

    private JsonBody(JsonNode body) {
        this.body = body;
    }

    static JsonBody read(Context ctx, ObjectMapper json, String... fields) {
        if (ctx.req().getContentLengthLong() > LIMIT) {
            throw new InvalidArgumentException("the request body is larger than " + LIMIT + " bytes");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return new JsonBody(json.createObjectNode());
        }
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            throw new InvalidArgumentException("Content-Type must be application/json, got '"
                    + (contentType.isEmpty() ? "(none)" : contentType) + "'");
        }
        JsonNode body;
        try {
            body = json.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidArgumentException("the request body is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject()) {
            throw new InvalidArgumentException("the request body must be a JSON object with the fields "
                    + new TreeSet<>(Set.of(fields)));
        }
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidArgumentException("unknown field '" + name + "' in the request body; expected "
                        + new TreeSet<>(allowed));
            }
        }
        return new JsonBody(body);
    }

    Optional<String> text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidArgumentException("field '" + field + "' must be a string");
        }
        return Optional.of(node.asText()).filter(text -> !text.isBlank());
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> new InvalidArgumentException("field '" + field
                + "' is missing or empty in the request body"));
    }

    boolean flag(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new InvalidArgumentException("field '" + field + "' must be true or false");
        }
        return node.booleanValue();
    }

    /** A list of strings, also accepted as one comma-separated string. */
    List<String> texts(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                if (!part.isBlank()) {
                    result.add(part.strip());
                }
            }
            return result;
        }
        if (!node.isArray()) {
            throw new InvalidArgumentException("field '" + field + "' must be a list of strings");
        }
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new InvalidArgumentException("field '" + field + "' must be a list of non-empty strings");
            }
            result.add(item.asText().strip());
        }
        return result;
    }
}
