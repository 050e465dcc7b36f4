package org.meshwork.engine.duckdb;

import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/**
 * The only way names and text reach SQL text in this engine. Values are bound parameters wherever DuckDB accepts them;
 * identifiers are always double-quoted; string literals are used only where DuckDB takes no parameter (list arguments
 * of table functions, {@code COPY ... TO}, {@code SET}) and are quoted by doubling single quotes, which is DuckDB's
 * only escape inside a standard string literal (backslashes have no meaning there), so no input can end the literal.
 */
public final class SqlIdentifiers {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    private static final Pattern SCALAR_TYPE = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_]*(?: [A-Za-z][A-Za-z0-9_]*)*(?:\\s*\\(\\s*\\d{1,2}\\s*(?:,\\s*\\d{1,2}\\s*)?\\))?");

    private SqlIdentifiers() {}

    /**
     * Whether a type name may be written into SQL text: a scalar type name with an optional precision, such as
     * {@code BIGINT}, {@code DECIMAL(12,2)} or {@code TIMESTAMP WITH TIME ZONE}, never a nested type (whose field names
     * could carry anything).
     */
    public static boolean isScalarType(String type) {
        return type != null && SCALAR_TYPE.matcher(type.trim()).matches();
    }

    /** Quotes any identifier, e.g. a column name read from a file: {@code a"b} becomes {@code "a""b"}. */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new InvalidArgumentException("identifier contains a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A string literal: {@code it's} becomes {@code 'it''s'}. */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new InvalidArgumentException("text contains a NUL character");
        }
        return '\'' + text.replace("'", "''") + '\'';
    }

    /**
     * Checks a name a descriptor gives (source, column): a letter, then letters, digits or underscores; names starting
     * with an underscore are the engine's own.
     */
    public static String requireName(String name, String what) {
        InvalidArgumentException.check(name != null && NAME.matcher(name).matches(),
                "%s '%s' is not valid: use a letter, then up to 62 letters, digits or underscores", what, name);
        return name;
    }
}
