package org.meshwork.platform.serving;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;

/**
 * Query parameters in the PostgREST convention to a {@link DataRequest}, shared by the REST API
 * ({@code GET /products/{id}/data?country=eq.DE}) and the CLI ({@code mesh get ID --filter country=eq.DE}) so both
 * accept exactly the same language:
 *
 * <ul>
 *   <li>{@code column=op.value} with {@code eq, neq, gt, gte, lt, lte, like, ilike} ({@code *} in a pattern stands for
 *       {@code %}), {@code in.(a,b,"c,d")}, {@code is.null}, {@code is.true}, {@code is.false}; {@code not.} before
 *       the operator negates it; the same column may be filtered several times (all must hold);</li>
 *   <li>{@code select=a,b}; {@code order=amount.desc,id} ({@code asc|desc}, then {@code nullsfirst|nullslast});</li>
 *   <li>{@code limit}, {@code offset} or {@code cursor} (from the previous page); {@code version} or {@code as_of}
 *       (ISO-8601 instant or date).</li>
 * </ul>
 *
 * <p>Every error names the parameter. Values stay text; they are bound and cast to the column's type by the engine,
 * which also checks that every column is one the reader may see. Parameters in {@link #EDGE_PARAMETERS} belong to
 * the edge (output format, purpose) and are skipped.
 */
public final class DataRequestParser {

    public static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "cursor", "version", "as_of");
    /** Parameters the REST edge and CLI use themselves; never filters. */
    public static final Set<String> EDGE_PARAMETERS = Set.of("format", "purpose");

    private DataRequestParser() {}

    /** Parses query parameters (each name with every value given for it, in order). */
    public static DataRequest parse(Map<String, List<String>> parameters) {
        List<String> select = List.of();
        List<Predicate> filters = new ArrayList<>();
        List<SortKey> order = List.of();
        OptionalLong limit = OptionalLong.empty();
        long offset = 0;
        Optional<String> cursor = Optional.empty();
        OptionalLong version = OptionalLong.empty();
        Optional<Instant> asOf = Optional.empty();
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            String name = entry.getKey();
            List<String> values = entry.getValue();
            if (EDGE_PARAMETERS.contains(name) || values.isEmpty()) {
                continue;
            }
            InvalidArgumentException.check(!name.isEmpty(), "a filter without a column name: write column=op.value");
            if (RESERVED.contains(name)) {
                InvalidArgumentException.check(values.size() == 1, "%s: given %d times; give it once", name, values.size());
                String value = values.get(0);
                switch (name) {
                    case "select": select = parseSelect(value); break;
                    case "order": order = parseOrder(value); break;
                    case "limit": limit = OptionalLong.of(number(name, value)); break;
                    case "offset": offset = number(name, value); break;
                    case "cursor":
                        PageCursor.decode(value);
                        cursor = Optional.of(value);
                        break;
                    case "version": version = OptionalLong.of(number(name, value)); break;
                    case "as_of": asOf = Optional.of(instant(value)); break;
                    default: throw new IllegalStateException(name);
                }
            } else {
                for (String value : values) {
                    filters.add(parseFilter(name, value));
                }
            }
        }
        InvalidArgumentException.check(version.isEmpty() || asOf.isEmpty(), "version, as_of: give one of them, not both");
        InvalidArgumentException.check(cursor.isEmpty() || offset == 0,
                "cursor, offset: give one of them, not both (the cursor carries its own position)");
        InvalidArgumentException.check(cursor.isEmpty() || (version.isEmpty() && asOf.isEmpty()),
                "cursor: a cursor keeps the version of its first page; do not give version or as_of with it");
        return new DataRequest(select, filters, order, limit, offset, cursor, version, asOf);
    }

    /** One {@code column=op.value} argument, e.g. of {@code mesh get --filter}. */
    public static Predicate parseFilterArgument(String argument) {
        int equals = argument.indexOf('=');
        InvalidArgumentException.check(equals > 0, "filter '%s': write column=op.value, e.g. country=eq.DE", argument);
        String column = argument.substring(0, equals);
        InvalidArgumentException.check(!RESERVED.contains(column) && !EDGE_PARAMETERS.contains(column),
                "filter '%s': '%s' is a parameter, not a filter", argument, column);
        return parseFilter(column, argument.substring(equals + 1));
    }

    static Predicate parseFilter(String column, String expression) {
        String what = column + "=" + expression;
        boolean negated = false;
        String rest = expression;
        if (rest.startsWith("not.")) {
            negated = true;
            rest = rest.substring(4);
        }
        int dot = rest.indexOf('.');
        InvalidArgumentException.check(dot > 0, "%s: write %s=op.value with op one of eq, neq, gt, gte, lt, lte,"
                + " like, ilike, in, is (e.g. %s=eq.42)", what, column, column);
        String label = rest.substring(0, dot);
        String value = rest.substring(dot + 1);
        switch (label) {
            case "eq": return new Predicate(column, Operator.EQ, List.of(value), negated);
            case "neq": return new Predicate(column, Operator.NEQ, List.of(value), negated);
            case "gt": return new Predicate(column, Operator.GT, List.of(value), negated);
            case "gte": return new Predicate(column, Operator.GTE, List.of(value), negated);
            case "lt": return new Predicate(column, Operator.LT, List.of(value), negated);
            case "lte": return new Predicate(column, Operator.LTE, List.of(value), negated);
            case "like": return new Predicate(column, Operator.LIKE, List.of(value.replace('*', '%')), negated);
            case "ilike": return new Predicate(column, Operator.ILIKE, List.of(value.replace('*', '%')), negated);
            case "in": return new Predicate(column, Operator.IN, parseList(what, value), negated);
            case "is":
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "null": return new Predicate(column, Operator.IS_NULL, List.of(), negated);
                    case "true": return new Predicate(column, Operator.EQ, List.of("true"), negated);
                    case "false": return new Predicate(column, Operator.EQ, List.of("false"), negated);
                    default:
                        throw new InvalidArgumentException(what + ": 'is' takes null, true or false");
                }
            default:
                throw new InvalidArgumentException(what + ": unknown operator '" + label + "'; use eq, neq, gt, gte,"
                        + " lt, lte, like, ilike, in or is, optionally after not.");
        }
    }

    /** {@code (a,b,"c,d")}: comma-separated, double quotes around values with commas, {@code \} escapes in quotes. */
    static List<String> parseList(String what, String text) {
        InvalidArgumentException.check(text.length() >= 2 && text.startsWith("(") && text.endsWith(")"),
                "%s: write in.(a,b,c)", what);
        String body = text.substring(1, text.length() - 1);
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < body.length()) {
                    current.append(body.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"' && current.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                values.add(current.toString());
                current.setLength(0);
                wasQuoted = false;
            } else {
                InvalidArgumentException.check(!wasQuoted, "%s: text after a closing quote", what);
                current.append(c);
            }
        }
        InvalidArgumentException.check(!quoted, "%s: a quote is not closed", what);
        values.add(current.toString());
        InvalidArgumentException.check(!(values.size() == 1 && values.get(0).isEmpty() && !wasQuoted),
                "%s: in.() needs at least one value", what);
        return values;
    }

    static List<String> parseSelect(String text) {
        List<String> columns = new ArrayList<>();
        for (String column : text.split(",", -1)) {
            String name = column.strip();
            InvalidArgumentException.check(!name.isEmpty(), "select: '%s' has an empty column name", text);
            InvalidArgumentException.check(!columns.contains(name), "select: column '%s' is named twice", name);
            columns.add(name);
        }
        return columns;
    }

    static List<SortKey> parseOrder(String text) {
        List<SortKey> keys = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String[] parts = item.strip().split("\\.", -1);
            InvalidArgumentException.check(!parts[0].isEmpty(), "order: '%s' has an empty column name", text);
            boolean descending = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc": descending = false; break;
                    case "desc": descending = true; break;
                    case "nullsfirst": nullsFirst = true; break;
                    case "nullslast": nullsFirst = false; break;
                    default:
                        throw new InvalidArgumentException("order: '" + parts[i] + "' in '" + item
                                + "' is not asc, desc, nullsfirst or nullslast");
                }
            }
            // PostgreSQL's (and PostgREST's) default: NULLs sort as the largest value
            keys.add(new SortKey(parts[0], descending, nullsFirst != null ? nullsFirst : descending));
        }
        return keys;
    }

    private static long number(String name, String value) {
        try {
            long number = Long.parseLong(value.strip());
            InvalidArgumentException.check(number >= 0, "%s: must not be negative, got %s", name, value);
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(name + ": '" + value + "' is not a whole number");
        }
    }

    static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw new InvalidArgumentException("as_of: '" + value + "' is not a time; use ISO-8601, e.g."
                        + " 2026-11-24T10:00:00Z or 2026-11-24");
            }
        }
    }

    /** A predicate in the same convention, for messages and the audit log: {@code country=not.in.(DE,FR)}. */
    public static String render(Predicate predicate) {
        String not = predicate.negated() ? "not." : "";
        switch (predicate.operator()) {
            case IS_NULL: return predicate.column() + "=" + not + "is.null";
            case IS_NOT_NULL: return predicate.column() + "=" + (predicate.negated() ? "" : "not.") + "is.null";
            case IN:
                return predicate.column() + "=" + not + "in.(" + predicate.values().stream()
                        .map(value -> value.contains(",") || value.contains("\"")
                                ? "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : value)
                        .collect(java.util.stream.Collectors.joining(",")) + ")";
            default:
                return predicate.column() + "=" + not + predicate.operator().label() + "." + predicate.values().get(0);
        }
    }
}
