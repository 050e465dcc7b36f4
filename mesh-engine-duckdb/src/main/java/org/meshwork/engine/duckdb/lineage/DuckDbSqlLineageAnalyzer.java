package org.meshwork.engine.duckdb.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.lineage.SqlLineageAnalyzer;
import org.meshwork.api.lineage.TransformLineage;

/**
 * Column lineage from DuckDB's own parser: {@code json_serialize_sql} turns the transform into DuckDB's parse tree
 * as JSON, exactly as the engine will read it, and this class walks that tree. It follows select lists, aliases,
 * expressions, aggregates, joins (including {@code USING}), subqueries in {@code FROM}, CTEs, set operations and
 * {@code SELECT *} (expanded from the known columns of each input). Window functions, scalar subqueries, lambdas and
 * row-multiplying functions such as {@code unnest} make the affected column unknown; {@code FROM} items other than
 * tables, joins and subqueries (PIVOT, UNPIVOT, table functions, VALUES) make the whole statement table-level only.
 * Each such case carries a note; nothing is guessed.
 */
public final class DuckDbSqlLineageAnalyzer implements SqlLineageAnalyzer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> AGGREGATES = Set.of("sum", "count", "count_star", "avg", "mean", "min", "max",
            "list", "array_agg", "string_agg", "group_concat", "listagg", "median", "mode", "quantile", "quantile_cont",
            "quantile_disc", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "any_value",
            "first", "last", "arg_max", "arg_min", "argmax", "argmin", "max_by", "min_by", "bool_and", "bool_or",
            "bit_and", "bit_or", "bit_xor", "approx_count_distinct", "approx_quantile", "product", "fsum", "sumkahan",
            "kahan_sum", "histogram", "entropy", "kurtosis", "skewness", "corr", "covar_pop", "covar_samp",
            "regr_slope", "regr_intercept", "regr_count", "regr_r2", "favg", "bitstring_agg", "every", "countif");
    private static final Set<String> ROW_MULTIPLYING = Set.of("unnest", "generate_series", "range", "generate_subscripts");

    @Override
    public TransformLineage analyze(String sql, Map<String, List<String>> knownColumns) {
        JsonNode root = parse(sql);
        if (root.path("error").asBoolean(false)) {
            String problem = "parser".equals(root.path("error_type").asText()) ? "does not parse" : "cannot be analysed";
            return TransformLineage.tableLevel(List.of(), "the transform SQL " + problem + ": "
                    + root.path("error_message").asText("unknown parser error"));
        }
        JsonNode statements = root.path("statements");
        if (statements.size() != 1) {
            return TransformLineage.tableLevel(List.of(), "the transform must be exactly one SELECT statement; found "
                    + statements.size());
        }
        JsonNode node = statements.get(0).path("node");
        Set<String> cteNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        collectCteNames(node, cteNames);
        Set<String> datasets = new TreeSet<>();
        collectBaseTables(node, cteNames, datasets);
        Analysis analysis = new Analysis(knownColumns);
        try {
            List<Col> columns = analysis.query(node, Map.of());
            List<ColumnDerivation> derivations = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Col column : columns) {
                if (column.unsupported != null) {
                    derivations.add(ColumnDerivation.unknown(column.name, column.unsupported));
                    notes.add("column " + column.name + ": table-level lineage only (" + column.unsupported + ")");
                } else {
                    derivations.add(new ColumnDerivation(column.name, List.copyOf(new TreeSet<>(column.inputs)),
                            column.kind, Optional.empty()));
                }
            }
            notes.addAll(analysis.notes);
            return new TransformLineage(List.copyOf(datasets), derivations, notes);
        } catch (UnsupportedConstruct e) {
            return TransformLineage.tableLevel(List.copyOf(datasets),
                    "column lineage is not derived: " + e.getMessage() + "; table-level lineage only");
        }
    }

    private static JsonNode parse(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return JSON.readTree(result.getString(1));
            }
        } catch (SQLException | java.io.IOException e) {
            throw new MeshException(ErrorCode.INTERNAL, "could not parse the transform SQL with DuckDB: " + e.getMessage(), e);
        }
    }

    private static void collectCteNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            for (JsonNode entry : map) {
                names.add(entry.path("key").asText());
            }
        }
        for (JsonNode child : node) {
            collectCteNames(child, names);
        }
    }

    private static void collectBaseTables(JsonNode node, Set<String> cteNames, Set<String> datasets) {
        if (node.isObject() && "BASE_TABLE".equals(node.path("type").asText()) && node.has("table_name")) {
            String name = node.path("table_name").asText();
            if (!cteNames.contains(name)) {
                datasets.add(name);
            }
        }
        for (JsonNode child : node) {
            collectBaseTables(child, cteNames, datasets);
        }
    }

    /** A column of a relation in scope: where it comes from, or why that is unknown. */
    private static final class Col {
        final String name;
        final Set<ColumnRef> inputs;
        final DerivationKind kind;
        final String unsupported;

        Col(String name, Set<ColumnRef> inputs, DerivationKind kind, String unsupported) {
            this.name = name;
            this.inputs = unsupported == null ? Set.copyOf(inputs) : Set.of();
            this.kind = kind;
            this.unsupported = unsupported;
        }

        Col renamed(String newName) {
            return new Col(newName, inputs, kind, unsupported);
        }
    }

    /** A relation in a FROM clause; {@code columns} is null for an input whose columns are not known. */
    private record Rel(String dataset, List<Col> columns) {
        Optional<Col> column(String name) {
            return columns.stream().filter(c -> c.name.equalsIgnoreCase(name)).findFirst();
        }
    }

    private record Scope(Map<String, Rel> relations, Set<String> usingColumns) {}

    private static final class UnsupportedConstruct extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedConstruct(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Analysis {
        private final Map<String, List<String>> known = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final List<String> notes = new ArrayList<>();

        Analysis(Map<String, List<String>> knownColumns) {
            known.putAll(knownColumns);
        }

        List<Col> query(JsonNode node, Map<String, List<Col>> outerCtes) {
            Map<String, List<Col>> ctes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ctes.putAll(outerCtes);
            for (JsonNode entry : node.path("cte_map").path("map")) {
                String name = entry.path("key").asText();
                List<Col> columns = query(entry.path("value").path("query_node"), ctes);
                JsonNode aliases = entry.path("value").path("aliases");
                ctes.put(name, renameAll(columns, aliases, "CTE " + name));
            }
            String type = node.path("type").asText();
            switch (type) {
                case "SELECT_NODE":
                    return select(node, ctes);
                case "SET_OPERATION_NODE":
                    return setOperation(node, ctes);
                default:
                    throw new UnsupportedConstruct("the statement is a " + type + " (e.g. a recursive CTE)");
            }
        }

        private static List<Col> renameAll(List<Col> columns, JsonNode aliases, String what) {
            if (aliases == null || aliases.isMissingNode() || aliases.isEmpty()) {
                return columns;
            }
            if (aliases.size() > columns.size()) {
                throw new UnsupportedConstruct(what + " names more columns than it has");
            }
            List<Col> renamed = new ArrayList<>(columns);
            for (int i = 0; i < aliases.size(); i++) {
                renamed.set(i, columns.get(i).renamed(aliases.get(i).asText()));
            }
            return renamed;
        }

        private List<Col> setOperation(JsonNode node, Map<String, List<Col>> ctes) {
            List<Col> result = null;
            for (JsonNode child : node.path("children")) {
                List<Col> columns = query(child, ctes);
                if (result == null) {
                    result = new ArrayList<>(columns);
                    continue;
                }
                if (columns.size() != result.size()) {
                    throw new UnsupportedConstruct("the branches of a " + node.path("setop_type").asText()
                            + " have different column counts");
                }
                for (int i = 0; i < result.size(); i++) {
                    result.set(i, merge(result.get(i).name, List.of(result.get(i), columns.get(i)), DerivationKind.IDENTITY));
                }
            }
            if (result == null) {
                throw new UnsupportedConstruct("an empty set operation");
            }
            return result;
        }

        private List<Col> select(JsonNode node, Map<String, List<Col>> ctes) {
            Scope scope = new Scope(new LinkedHashMap<>(), new TreeSet<>(String.CASE_INSENSITIVE_ORDER));
            from(node.path("from_table"), ctes, scope);
            List<Col> output = new ArrayList<>();
            Map<String, Col> aliases = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            int position = 0;
            for (JsonNode item : node.path("select_list")) {
                position++;
                if ("STAR".equals(item.path("class").asText())) {
                    output.addAll(star(item, scope));
                    continue;
                }
                String alias = item.path("alias").asText("");
                String name = !alias.isEmpty() ? alias : defaultName(item, position);
                Col column = expression(name, item, scope, aliases);
                output.add(column);
                aliases.put(name, column);
            }
            return output;
        }

        private String defaultName(JsonNode item, int position) {
            if ("COLUMN_REF".equals(item.path("class").asText())) {
                JsonNode names = item.path("column_names");
                return names.get(names.size() - 1).asText();
            }
            notes.add("output column " + position + " has no alias; it is called column" + position + " here");
            return "column" + position;
        }

        private void from(JsonNode table, Map<String, List<Col>> ctes, Scope scope) {
            if (table.isMissingNode() || table.isNull()) {
                return;
            }
            String type = table.path("type").asText();
            String alias = table.path("alias").asText("");
            switch (type) {
                case "EMPTY":
                    return;
                case "BASE_TABLE": {
                    String name = table.path("table_name").asText();
                    if (!table.path("schema_name").asText("").isEmpty()) {
                        throw new UnsupportedConstruct("table " + table.path("schema_name").asText() + "." + name
                                + " is schema-qualified; transforms read their sources by name");
                    }
                    Rel relation;
                    if (ctes.containsKey(name)) {
                        relation = new Rel(null, ctes.get(name));
                    } else if (known.containsKey(name)) {
                        List<Col> columns = new ArrayList<>();
                        for (String column : known.get(name)) {
                            columns.add(new Col(column, Set.of(new ColumnRef(name, column)), DerivationKind.IDENTITY, null));
                        }
                        relation = new Rel(name, columns);
                    } else {
                        relation = new Rel(name, null);
                    }
                    JsonNode columnAliases = table.path("column_name_alias");
                    if (!columnAliases.isEmpty()) {
                        if (relation.columns() == null) {
                            throw new UnsupportedConstruct("columns of " + name + " are renamed but its columns are unknown");
                        }
                        relation = new Rel(relation.dataset(), renameAll(relation.columns(), columnAliases, "table " + name));
                    }
                    scope.relations().put(key(alias.isEmpty() ? name : alias), relation);
                    return;
                }
                case "SUBQUERY": {
                    List<Col> columns = query(table.path("subquery").path("node"), ctes);
                    columns = renameAll(columns, table.path("column_name_alias"), "subquery " + alias);
                    scope.relations().put(key(alias.isEmpty() ? "unnamed_subquery" : alias), new Rel(null, columns));
                    return;
                }
                case "JOIN": {
                    Scope left = new Scope(new LinkedHashMap<>(), scope.usingColumns());
                    from(table.path("left"), ctes, left);
                    Scope right = new Scope(new LinkedHashMap<>(), scope.usingColumns());
                    from(table.path("right"), ctes, right);
                    for (JsonNode using : table.path("using_columns")) {
                        scope.usingColumns().add(using.asText());
                    }
                    if ("NATURAL".equals(table.path("ref_type").asText())) {
                        for (Rel l : left.relations().values()) {
                            for (Rel r : right.relations().values()) {
                                if (l.columns() == null || r.columns() == null) {
                                    throw new UnsupportedConstruct("a NATURAL JOIN over an input whose columns are unknown");
                                }
                                l.columns().stream().filter(c -> r.column(c.name).isPresent())
                                        .forEach(c -> scope.usingColumns().add(c.name));
                            }
                        }
                    }
                    scope.relations().putAll(left.relations());
                    scope.relations().putAll(right.relations());
                    return;
                }
                default:
                    throw new UnsupportedConstruct("FROM reads a " + type.toLowerCase(Locale.ROOT).replace('_', ' ')
                            + (alias.isEmpty() ? "" : " (" + alias + ")")
                            + ", which is not followed to column level (PIVOT, UNPIVOT, table functions and VALUES are not)");
            }
        }

        private static String key(String alias) {
            return alias.toLowerCase(Locale.ROOT);
        }

        private List<Col> star(JsonNode item, Scope scope) {
            if (item.path("columns").asBoolean(false)) {
                throw new UnsupportedConstruct("COLUMNS(...) expressions");
            }
            JsonNode expression = item.path("expr");
            if (!item.path("replace_list").isEmpty() || !item.path("rename_list").isEmpty()
                    || !item.path("qualified_exclude_list").isEmpty() || !expression.isMissingNode() && !expression.isNull()) {
                throw new UnsupportedConstruct("SELECT * with REPLACE, RENAME, qualified EXCLUDE or an expression");
            }
            Set<String> excluded = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (JsonNode exclude : item.path("exclude_list")) {
                excluded.add(exclude.isTextual() ? exclude.asText() : lastText(exclude));
            }
            String qualifier = item.path("relation_name").asText("");
            List<Rel> relations = new ArrayList<>();
            if (qualifier.isEmpty()) {
                relations.addAll(scope.relations().values());
            } else {
                Rel relation = scope.relations().get(key(qualifier));
                if (relation == null) {
                    throw new UnsupportedConstruct(qualifier + ".* names no relation in FROM");
                }
                relations.add(relation);
            }
            LinkedHashMap<String, List<Col>> expanded = new LinkedHashMap<>();
            for (Rel relation : relations) {
                if (relation.columns() == null) {
                    throw new UnsupportedConstruct("SELECT * over " + relation.dataset()
                            + ", whose columns are not known (declare the source's columns)");
                }
                for (Col column : relation.columns()) {
                    if (excluded.contains(column.name)) {
                        continue;
                    }
                    String name = column.name.toLowerCase(Locale.ROOT);
                    if (expanded.containsKey(name) && qualifier.isEmpty() && scope.usingColumns().contains(column.name)) {
                        expanded.get(name).add(column); // a USING column appears once in SELECT *
                    } else {
                        expanded.computeIfAbsent(expanded.containsKey(name) ? name + "#" + expanded.size() : name,
                                k -> new ArrayList<>()).add(column);
                    }
                }
            }
            List<Col> result = new ArrayList<>();
            for (List<Col> same : expanded.values()) {
                result.add(same.size() == 1 ? same.get(0) : merge(same.get(0).name, same, DerivationKind.IDENTITY));
            }
            return result;
        }

        private static String lastText(JsonNode node) {
            JsonNode names = node.path("column_names");
            return names.isEmpty() ? node.toString() : names.get(names.size() - 1).asText();
        }

        private Col expression(String name, JsonNode item, Scope scope, Map<String, Col> aliases) {
            Set<ColumnRef> inputs = new LinkedHashSet<>();
            DerivationKind[] kind = {"COLUMN_REF".equals(item.path("class").asText())
                    ? DerivationKind.IDENTITY : DerivationKind.TRANSFORMATION};
            String[] unsupported = {null};
            walk(item, scope, aliases, inputs, kind, unsupported);
            return new Col(name, inputs, kind[0], unsupported[0]);
        }

        private void walk(JsonNode node, Scope scope, Map<String, Col> aliases, Set<ColumnRef> inputs,
                DerivationKind[] kind, String[] unsupported) {
            if (unsupported[0] != null) {
                return;
            }
            if (node.isArray()) {
                for (JsonNode child : node) {
                    walk(child, scope, aliases, inputs, kind, unsupported);
                }
                return;
            }
            if (!node.isObject()) {
                return;
            }
            String expressionClass = node.path("class").asText("");
            switch (expressionClass) {
                case "COLUMN_REF": {
                    Col column = resolve(node.path("column_names"), scope, aliases);
                    if (column.unsupported != null) {
                        unsupported[0] = column.unsupported;
                        return;
                    }
                    inputs.addAll(column.inputs);
                    kind[0] = kind[0].combine(column.kind);
                    return;
                }
                case "WINDOW":
                    unsupported[0] = "window function " + node.path("function_name").asText() + "() OVER (...)";
                    return;
                case "SUBQUERY":
                    unsupported[0] = "a subquery expression";
                    return;
                case "LAMBDA":
                    unsupported[0] = "a lambda expression";
                    return;
                case "STAR":
                    unsupported[0] = "a * inside an expression";
                    return;
                case "FUNCTION": {
                    String function = node.path("function_name").asText("").toLowerCase(Locale.ROOT);
                    if (ROW_MULTIPLYING.contains(function)) {
                        unsupported[0] = function + "() changes the number of rows";
                        return;
                    }
                    if (AGGREGATES.contains(function)) {
                        kind[0] = kind[0].combine(DerivationKind.AGGREGATION);
                    }
                    break;
                }
                default:
                    break;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isContainerNode()) {
                    walk(field.getValue(), scope, aliases, inputs, kind, unsupported);
                }
            }
        }

        private Col resolve(JsonNode names, Scope scope, Map<String, Col> aliases) {
            if (names.size() == 1) {
                return unqualified(names.get(0).asText(), scope, aliases);
            }
            if (names.size() == 2) {
                String qualifier = names.get(0).asText();
                String column = names.get(1).asText();
                Rel relation = scope.relations().get(key(qualifier));
                if (relation == null) {
                    Col struct = unqualified(qualifier, scope, aliases); // a struct field: s.field
                    return struct.unsupported != null ? struct
                            : new Col(qualifier, struct.inputs, struct.kind.combine(DerivationKind.TRANSFORMATION), null);
                }
                if (relation.columns() == null) {
                    return new Col(column, Set.of(new ColumnRef(relation.dataset(), column)), DerivationKind.IDENTITY, null);
                }
                return relation.column(column).orElseGet(() -> new Col(column, Set.of(), DerivationKind.IDENTITY,
                        "column " + qualifier + "." + column + " is not among the known columns of " + qualifier));
            }
            return new Col(names.toString(), Set.of(), DerivationKind.IDENTITY,
                    "reference " + names + " (nested field or qualified name)");
        }

        private Col unqualified(String name, Scope scope, Map<String, Col> aliases) {
            List<Col> candidates = new ArrayList<>();
            List<Rel> unknown = new ArrayList<>();
            for (Rel relation : scope.relations().values()) {
                if (relation.columns() == null) {
                    unknown.add(relation);
                } else {
                    relation.column(name).ifPresent(candidates::add);
                }
            }
            if (candidates.size() == 1 && unknown.isEmpty()) {
                return candidates.get(0);
            }
            if (candidates.size() > 1 && unknown.isEmpty()) {
                if (scope.usingColumns().contains(name)) {
                    return merge(name, candidates, DerivationKind.IDENTITY);
                }
                return new Col(name, Set.of(), DerivationKind.IDENTITY, "column " + name + " is ambiguous");
            }
            if (candidates.isEmpty() && unknown.isEmpty() && aliases.containsKey(name)) {
                return aliases.get(name);
            }
            if (candidates.isEmpty() && unknown.size() == 1) {
                return new Col(name, Set.of(new ColumnRef(unknown.get(0).dataset(), name)), DerivationKind.IDENTITY, null);
            }
            return new Col(name, Set.of(), DerivationKind.IDENTITY, "cannot tell which input column " + name
                    + " comes from" + (unknown.isEmpty() ? "" : " (declare the columns of every source)"));
        }

        private static Col merge(String name, List<Col> columns, DerivationKind start) {
            Set<ColumnRef> inputs = new LinkedHashSet<>();
            DerivationKind kind = start;
            for (Col column : columns) {
                if (column.unsupported != null) {
                    return new Col(name, Set.of(), kind, column.unsupported);
                }
                inputs.addAll(column.inputs);
                kind = kind.combine(column.kind);
            }
            return new Col(name, inputs, kind, null);
        }
    }
}
