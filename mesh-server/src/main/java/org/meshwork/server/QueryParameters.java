package org.meshwork.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.meshwork.api.InvalidArgumentException;

/** Strict reading of a request's query parameters: unknown or repeated parameters and bad numbers are named errors. */
final class QueryParameters {
    private final Map<String, List<String>> values;

    QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    QueryParameters allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidArgumentException("unknown query parameter '" + name + "'; this route takes "
                        + (allowed.isEmpty() ? "none" : new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    Optional<String> single(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        if (list.size() > 1) {
            throw new InvalidArgumentException("query parameter '" + name + "' is given " + list.size()
                    + " times; give it once");
        }
        return Optional.of(list.get(0));
    }

    long number(String name, long defaultValue, long min, long max) {
        Optional<String> text = single(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.get().strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("query parameter '" + name + "' must be a whole number, got '"
                    + text.get() + "'");
        }
        if (value < min || value > max) {
            throw new InvalidArgumentException("query parameter '" + name + "' must be between " + min + " and "
                    + max + ", got " + value);
        }
        return value;
    }
}
