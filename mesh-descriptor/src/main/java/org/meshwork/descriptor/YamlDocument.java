package org.meshwork.descriptor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.meshwork.api.descriptor.SourcePosition;

/**
 * One YAML document as a JSON tree, with the position of every value and of every mapping key, keyed by field path
 * ({@code spec.quality.checks[1].threshold}). The tree may be completed in place (a transform file's SQL is added).
 */
final class YamlDocument {
    private final String file;
    private final SourcePosition origin;
    private final JsonNode tree;
    private final Map<String, SourcePosition> valuePositions;
    private final Map<String, SourcePosition> keyPositions;

    YamlDocument(String file, SourcePosition origin, JsonNode tree, Map<String, SourcePosition> valuePositions,
            Map<String, SourcePosition> keyPositions) {
        this.file = requireNonNull(file, "file is null");
        this.origin = requireNonNull(origin, "origin is null");
        this.tree = requireNonNull(tree, "tree is null");
        this.valuePositions = Map.copyOf(valuePositions);
        this.keyPositions = Map.copyOf(keyPositions);
    }

    String file() {
        return file;
    }

    SourcePosition origin() {
        return origin;
    }

    JsonNode tree() {
        return tree;
    }

    /** Where the value at {@code path} starts; for a path that does not exist, where its nearest ancestor starts. */
    SourcePosition position(String path) {
        String current = path;
        while (true) {
            SourcePosition position = valuePositions.get(current);
            if (position != null) {
                return position;
            }
            if (current.isEmpty()) {
                return origin;
            }
            current = parent(current);
        }
    }

    /** Where the key of the field at {@code path} stands; falls back to {@link #position}. */
    SourcePosition keyPosition(String path) {
        SourcePosition position = keyPositions.get(path);
        return position != null ? position : position(path);
    }

    private static String parent(String path) {
        int cut = path.endsWith("\"]") ? path.lastIndexOf("[\"") : Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
