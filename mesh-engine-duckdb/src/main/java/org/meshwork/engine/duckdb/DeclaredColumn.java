package org.meshwork.engine.duckdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/**
 * A column a source declares, e.g. {@code amount: "DECIMAL(12,2)"} or {@code order_id: "BIGINT NOT NULL"}. Types are
 * limited to scalar type names with an optional precision, so a declaration can never carry SQL of its own.
 */
record DeclaredColumn(String name, String type, boolean notNull) {

    private static final Pattern TYPE = Pattern.compile(
            "([A-Za-z][A-Za-z0-9_]*(?: [A-Za-z][A-Za-z0-9_]*)*(?:\\s*\\(\\s*\\d{1,2}\\s*(?:,\\s*\\d{1,2}\\s*)?\\))?)");
    private static final Pattern NOT_NULL = Pattern.compile("(.*?)\\s+NOT\\s+NULL", Pattern.CASE_INSENSITIVE);

    static List<DeclaredColumn> parse(String source, Map<String, String> columns) {
        List<DeclaredColumn> declared = new ArrayList<>();
        columns.forEach((name, declaration) -> {
            SqlIdentifiers.requireName(name, "column of source " + source);
            String text = declaration.trim();
            Matcher notNull = NOT_NULL.matcher(text);
            boolean required = notNull.matches();
            String type = (required ? notNull.group(1) : text).trim().replaceAll("\\s+", " ");
            InvalidArgumentException.check(TYPE.matcher(type).matches() && !endsWithNot(type),
                    "source %s, column %s: type '%s' is not valid: use a SQL type such as BIGINT, VARCHAR, "
                            + "DECIMAL(12,2) or TIMESTAMP, optionally followed by NOT NULL", source, name, declaration);
            declared.add(new DeclaredColumn(name, type, required));
        });
        return declared;
    }

    /** Checks a type name from a contract or a table schema; returns it trimmed. */
    static String requireType(String type, String what) {
        InvalidArgumentException.check(type != null && TYPE.matcher(type.trim()).matches(),
                "%s: type '%s' is not a SQL type name", what, type);
        return type.trim();
    }

    private static boolean endsWithNot(String type) {
        return type.toUpperCase(Locale.ROOT).endsWith(" NOT");
    }
}
