package org.meshwork.engine.duckdb;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.meshwork.api.InvalidArgumentException;

/** A source's {@code options}, checked against the keys its kind understands. */
final class SourceOptions {

    private final String source;
    private final Map<String, String> values;

    SourceOptions(String source, Map<String, String> values, Set<String> known) {
        for (String key : values.keySet()) {
            InvalidArgumentException.check(known.contains(key), "source %s: unknown option '%s'; known options are %s",
                    source, key, new TreeSet<>(known));
        }
        this.source = source;
        this.values = values;
    }

    Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key));
    }

    Optional<Integer> positiveInt(String key) {
        return text(key).map(value -> {
            try {
                int number = Integer.parseInt(value.trim());
                InvalidArgumentException.check(number > 0, "source %s: option %s must be positive, got %s",
                        source, key, value);
                return number;
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("source " + source + ": option " + key + " must be a number, got '"
                        + value + "'");
            }
        });
    }

    Optional<Boolean> bool(String key) {
        return text(key).map(value -> {
            InvalidArgumentException.check(value.equals("true") || value.equals("false"),
                    "source %s: option %s must be true or false, got '%s'", source, key, value);
            return Boolean.valueOf(value);
        });
    }
}
