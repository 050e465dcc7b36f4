package org.meshwork.engine.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;

/**
 * Decides whether a reader's SQL may run, by DuckDB's own parser rather than by looking at the text: DuckDB's
 * {@code json_serialize_sql} turns the text into its syntax tree (and refuses anything but SELECT statements, so
 * {@code COPY}, {@code ATTACH}, {@code INSTALL}, {@code LOAD}, {@code SET}, {@code PRAGMA} and DDL never get this far),
 * and the tree is walked: exactly one statement; every table reference a data product id or a name its own
 * {@code WITH} defines; no table functions ({@code read_csv}, {@code read_parquet}, {@code glob}, {@code query},
 * {@code duckdb_*}…), no schema- or catalog-qualified names (the system catalog, {@code information_schema}), no
 * time-travel clauses, no functions that reveal the engine's state ({@code current_setting}, {@code duckdb_*},
 * {@code pragma_*}), no parameters. The text a reader sends is what the tree was made from, so comments, quoting and
 * unicode tricks are seen the way the engine will see them.
 */
final class SqlGuard {

    static final int MAX_LENGTH = 100_000;

    /**
     * Table reference kinds that read something other than product relations: table functions (files, the catalog,
     * other queries), SHOW/DESCRIBE/SUMMARIZE, materialised data and internal references.
     */
    private static final Set<String> DENIED_TABLE_REFS = Set.of("TABLE_FUNCTION", "SHOW_REF", "COLUMN_DATA",
            "DELIM_GET", "BOUND_TABLE_REF");
    private static final Set<String> DENIED_FUNCTIONS = Set.of("current_setting", "getvariable", "getenv",
            "current_database", "current_catalog", "current_schema", "current_schemas", "json_serialize_sql",
            "json_deserialize_sql", "json_serialize_plan", "json_execute_serialized_sql", "query", "query_table",
            "sql_auto_complete", "which_secret", "enable_logging", "disable_logging");

    private final ObjectMapper json = new ObjectMapper();

    /** The products {@code sql} reads; throws when it is not a single SELECT over products only. */
    Set<ProductId> productsOf(String sql) {
        InvalidArgumentException.check(sql != null && !sql.isBlank(), "sql: the query is empty; send one SELECT statement");
        InvalidArgumentException.check(sql.length() <= MAX_LENGTH, "sql: the query is longer than %d characters",
                MAX_LENGTH);
        InvalidArgumentException.check(sql.indexOf('\0') < 0, "sql: the query contains a NUL character");
        JsonNode tree = parse(sql);
        if (tree.path("error").asBoolean(false)) {
            String message = tree.path("error_message").asText("");
            if (message.startsWith("Only SELECT")) {
                throw new InvalidArgumentException("sql: only a single SELECT statement is allowed (no COPY, ATTACH, "
                        + "INSTALL, LOAD, SET, PRAGMA, DDL or DML)");
            }
            throw new InvalidArgumentException("sql: not valid SQL: " + firstLine(message));
        }
        JsonNode statements = tree.path("statements");
        InvalidArgumentException.check(statements.isArray() && statements.size() == 1,
                "sql: exactly one SELECT statement is allowed, got %d statements", statements.size());
        Set<String> cteNames = new HashSet<>();
        collectCteNames(statements, cteNames);
        Set<ProductId> products = new LinkedHashSet<>();
        walk(statements.get(0), cteNames, products);
        return products;
    }

    private JsonNode parse(String sql) {
        Properties config = new Properties();
        config.setProperty("enable_external_access", "false");
        config.setProperty("autoinstall_known_extensions", "false");
        config.setProperty("autoload_known_extensions", "false");
        config.setProperty("threads", "1");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", config);
                PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return json.readTree(result.getString(1));
            }
        } catch (SQLException | IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "could not parse the query with DuckDB: " + e.getMessage(), e);
        }
    }

    private static void collectCteNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            if (map.isArray()) {
                for (JsonNode entry : map) {
                    names.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
                }
            }
        }
        for (JsonNode child : node) {
            collectCteNames(child, names);
        }
    }

    private void walk(JsonNode node, Set<String> cteNames, Set<ProductId> products) {
        if (node.isObject()) {
            check(node, cteNames, products);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                walk(fields.next().getValue(), cteNames, products);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, cteNames, products);
            }
        }
    }

    private static void check(JsonNode node, Set<String> cteNames, Set<ProductId> products) {
        String type = node.path("type").asText("");
        if (DENIED_TABLE_REFS.contains(type)) {
            if (type.equals("TABLE_FUNCTION")) {
                String name = node.path("function").path("function_name").asText("?");
                throw new InvalidArgumentException("sql: table function " + name + "() is not allowed: select from"
                        + " data products by their quoted id, e.g. FROM \"dp.sales.orders\"");
            }
            throw new InvalidArgumentException("sql: a " + type + " table reference is not allowed");
        }
        if (type.equals("BASE_TABLE")) {
            checkTable(node, cteNames, products);
        }
        String expressionClass = node.path("class").asText("");
        if (expressionClass.equals("FUNCTION")) {
            String name = node.path("function_name").asText("").toLowerCase(Locale.ROOT);
            InvalidArgumentException.check(node.path("catalog").asText("").isEmpty()
                    && node.path("schema").asText("").isEmpty(),
                    "sql: qualified function name %s is not allowed", name);
            InvalidArgumentException.check(!DENIED_FUNCTIONS.contains(name) && !name.startsWith("duckdb_")
                    && !name.startsWith("pragma_"), "sql: function %s() is not allowed", name);
        }
        InvalidArgumentException.check(!expressionClass.equals("PARAMETER"),
                "sql: parameters ($1, ?) are not allowed: write the values into the query");
    }

    private static void checkTable(JsonNode node, Set<String> cteNames, Set<ProductId> products) {
        String table = node.path("table_name").asText("");
        String schema = node.path("schema_name").asText("");
        String catalog = node.path("catalog_name").asText("");
        if (!schema.isEmpty() || !catalog.isEmpty()) {
            String written = (catalog.isEmpty() ? "" : catalog + ".") + schema + "." + table;
            throw new InvalidArgumentException("sql: " + written + " is not a data product: quote a product id as one"
                    + " identifier, e.g. FROM \"dp.sales.orders\" (schemas and catalogs are not readable)");
        }
        JsonNode at = node.path("at_clause");
        InvalidArgumentException.check(at.isMissingNode() || at.isNull(),
                "sql: AT clauses are not allowed on %s; to read an older version use 'version' or 'as_of'", table);
        if (cteNames.contains(table.toLowerCase(Locale.ROOT))) {
            return;
        }
        InvalidArgumentException.check(ProductId.isValid(table), "sql: '%s' is not a data product id: products are"
                + " named \"dp.<domain>.<name>\" (lower-case letters, digits, '_' and '-'), quoted", printable(table));
        products.add(ProductId.parse(table));
    }

    /** Shows invisible and non-ASCII characters of a name as escapes, so an error names what was really sent. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(point -> {
            if (point >= 0x20 && point < 0x7f) {
                out.appendCodePoint(point);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", point));
            }
        });
        return out.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
