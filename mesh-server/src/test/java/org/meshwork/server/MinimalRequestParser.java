package org.meshwork.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.platform.serving.DataRequest;

/**
 * A minimal PostgREST-style parser for the server's tests only ({@code select}, {@code limit}, {@code offset},
 * {@code cursor}, {@code column=eq|gt|lt.value}, {@code column=in.(a,b)}); the real parser belongs to the read path.
 */
public final class MinimalRequestParser implements RequestParser {
    @Override
    public DataRequest parse(Map<String, List<String>> parameters) {
        List<String> select = List.of();
        OptionalLong limit = OptionalLong.empty();
        long offset = 0;
        Optional<String> cursor = Optional.empty();
        List<Predicate> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            String value = entry.getValue().get(0);
            switch (entry.getKey()) {
                case "select":
                    select = Arrays.asList(value.split(","));
                    break;
                case "limit":
                    limit = OptionalLong.of(number("limit", value));
                    break;
                case "offset":
                    offset = number("offset", value);
                    break;
                case "cursor":
                    cursor = Optional.of(value);
                    break;
                default:
                    int dot = value.indexOf('.');
                    if (dot < 0) {
                        throw new InvalidArgumentException("filter '" + entry.getKey() + "': expected op.value, e.g. eq.DE");
                    }
                    Operator operator = Operator.fromLabel(value.substring(0, dot)).orElseThrow(() ->
                            new InvalidArgumentException("filter '" + entry.getKey() + "': unknown operator '"
                                    + value.substring(0, value.indexOf('.')) + "'"));
                    String operand = value.substring(dot + 1);
                    List<String> values = operator == Operator.IN
                            ? Arrays.asList(operand.replaceAll("^\\(|\\)$", "").split(",")) : List.of(operand);
                    filters.add(new Predicate(entry.getKey(), operator, values, false));
            }
        }
        return new DataRequest(select, filters, List.of(), limit, offset, cursor, OptionalLong.empty(), Optional.empty());
    }

    private static long number(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("query parameter '" + name + "' must be a whole number, got '" + text + "'");
        }
    }
}
