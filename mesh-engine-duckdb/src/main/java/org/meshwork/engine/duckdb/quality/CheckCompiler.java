package org.meshwork.engine.duckdb.quality;

import static org.meshwork.engine.duckdb.SqlIdentifiers.quote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.Threshold;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.table.TableColumn;
import org.meshwork.engine.duckdb.SqlIdentifiers;

/**
 * Validates a product's checks against the columns of the relation they run over and compiles every column-level
 * check into one aggregate {@code SELECT} over the relation: {@code count(*)} first, then one conditional aggregate
 * ({@code count(*) FILTER (WHERE ...)}, {@code count(DISTINCT ...)}, {@code max(...)}) per check. Values from the
 * descriptor (accepted values, bounds, patterns) are bound parameters; identifiers are quoted; type names written into
 * the SQL are the engine's own, restricted to scalar type names.
 *
 * <p>Regular expressions use {@code regexp_full_match}: a value passes only when the whole value matches (RE2 syntax,
 * Unicode-aware), as {@code pattern} means in ODCS and JSON Schema; write {@code .*abc.*} to look for a part.
 */
public final class CheckCompiler {

    /** The name a {@code custom_sql} query sees the evaluated relation under. */
    public static final String CUSTOM_SQL_RELATION = "output";

    /** The ODCS placeholder for the checked table, replaced by {@value #CUSTOM_SQL_RELATION} in custom SQL. */
    public static final String TABLE_PLACEHOLDER = "${table}";

    private static final Threshold NO_FAILING_ROWS = Threshold.parse("== 0");
    private static final Set<String> FLOAT_TYPES = Set.of("FLOAT", "DOUBLE", "REAL");
    private static final Set<String> NUMERIC_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL");
    private static final Set<String> TEMPORAL_TYPES = Set.of("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
            "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS");

    private CheckCompiler() {}

    /**
     * Compiles checks for a relation with the given columns.
     *
     * @throws InvalidArgumentException naming the first check that cannot be evaluated over these columns
     */
    public static CompiledChecks compile(String relation, List<TableColumn> columns, List<CheckSpec> checks) {
        String table = quote(relation);
        List<String> select = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        select.add("count(*)");
        List<CompiledCheck> compiled = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (CheckSpec check : checks) {
            InvalidArgumentException.check(names.add(check.name()), "check %s is declared twice", check.name());
            CheckKind kind = CheckKind.of(check);
            Optional<Threshold> threshold = threshold(check, kind);
            List<String> checked = columnsOf(check, kind);
            List<TableColumn> resolved = checked.stream().map(name -> resolve(check, kind, columns, name)).toList();
            Condition failing = failingCondition(check, kind, resolved);
            OptionalInt position = OptionalInt.empty();
            Optional<SqlStatement> sample = Optional.empty();
            if (failing != null) {
                position = OptionalInt.of(select.size());
                select.add("count(*) FILTER (WHERE " + failing.sql() + ")");
                parameters.addAll(failing.parameters());
                sample = Optional.of(new SqlStatement("SELECT * FROM " + table + " WHERE " + failing.sql()
                        + " LIMIT " + CheckResult.MAX_SAMPLE_ROWS, failing.parameters()));
            } else if (kind == CheckKind.UNIQUENESS) {
                position = OptionalInt.of(select.size());
                select.add(duplicates(resolved));
                String keys = resolved.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
                sample = Optional.of(new SqlStatement("SELECT * FROM " + table + " WHERE " + allNotNull(resolved)
                        + " QUALIFY count(*) OVER (PARTITION BY " + keys + ") > 1 ORDER BY " + keys
                        + " LIMIT " + CheckResult.MAX_SAMPLE_ROWS, List.of()));
            } else if (kind == CheckKind.FRESHNESS && !resolved.isEmpty()) {
                TableColumn column = resolved.get(0);
                InvalidArgumentException.check(TEMPORAL_TYPES.contains(baseType(column.type())),
                        "check %s (freshness): column %s is %s; freshness needs a DATE or TIMESTAMP column",
                        check.name(), column.name(), column.type());
                position = OptionalInt.of(select.size());
                select.add("epoch(max(" + quote(column.name()) + "))");
            }
            compiled.add(new CompiledCheck(check, kind, threshold, resolved.stream().map(TableColumn::name).toList(),
                    position, sample));
        }
        return new CompiledChecks(new SqlStatement("SELECT " + String.join(", ", select) + " FROM " + table,
                parameters), compiled);
    }

    /**
     * The count of non-NULL values of {@code column} that are missing from column {@code v} of {@code reference}:
     * one anti-join.
     */
    public static SqlStatement missingReferences(String relation, String column, String reference) {
        return new SqlStatement("SELECT count(*) FROM " + quote(relation) + " r WHERE " + missingReference(column,
                reference), List.of());
    }

    /** Up to five rows whose {@code column} value is missing from the reference. */
    public static SqlStatement missingReferencesSample(String relation, String column, String reference) {
        return new SqlStatement("SELECT r.* FROM " + quote(relation) + " r WHERE " + missingReference(column, reference)
                + " LIMIT " + CheckResult.MAX_SAMPLE_ROWS, List.of());
    }

    /**
     * A team's {@code custom_sql} query, run with the relation visible as {@value #CUSTOM_SQL_RELATION} (a common table
     * expression, so it hides any source of that name) and with {@value #TABLE_PLACEHOLDER} replaced by that name. The
     * query must already be known to be one SELECT; the parentheses make anything after it a syntax error.
     */
    public static SqlStatement customSql(String relation, String query) {
        return new SqlStatement("WITH " + quote(CUSTOM_SQL_RELATION) + " AS (SELECT * FROM " + quote(relation)
                + ") SELECT * FROM (\n" + withoutTrailingSemicolons(withTable(query)) + "\n)", List.of());
    }

    /** The query with the ODCS {@value #TABLE_PLACEHOLDER} placeholder replaced by {@value #CUSTOM_SQL_RELATION}. */
    public static String withTable(String query) {
        return query.replace(TABLE_PLACEHOLDER, CUSTOM_SQL_RELATION);
    }

    private static String missingReference(String column, String reference) {
        String value = "r." + quote(column);
        return value + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + quote(reference) + " ref WHERE ref.v = " + value
                + ")";
    }

    private record Condition(String sql, List<Object> parameters) {}

    /** The condition a failing row meets, for kinds measured as {@code count(*) FILTER (WHERE ...)}; else null. */
    private static Condition failingCondition(CheckSpec check, CheckKind kind, List<TableColumn> columns) {
        return switch (kind) {
            case NULL_PERCENTAGE, NOT_NULL -> new Condition(columns.stream().map(c -> quote(c.name()) + " IS NULL")
                    .collect(Collectors.joining(" OR ")), List.of());
            case ACCEPTED_VALUES -> acceptedValues(check, columns.get(0));
            case RANGE -> range(check, columns.get(0));
            case REGEX -> regex(check, columns.get(0));
            case ROW_COUNT, FRESHNESS, UNIQUENESS, REFERENTIAL_INTEGRITY, ROW_COUNT_CHANGE, SCHEMA, CUSTOM_SQL -> null;
        };
    }

    private static Condition acceptedValues(CheckSpec check, TableColumn column) {
        InvalidArgumentException.check(!check.values().isEmpty(), "check %s (accepted_values): values is empty",
                check.name());
        InvalidArgumentException.check(SqlIdentifiers.isScalarType(column.type()),
                "check %s (accepted_values): column %s is %s; accepted_values needs a column of a scalar type",
                check.name(), column.name(), column.type());
        String name = quote(column.name());
        // each value is cast to the column's type, so '1.5' matches a DECIMAL 1.50; a value that cannot be cast
        // (e.g. 'abc' for an INTEGER column) becomes NULL and matches nothing
        String list = check.values().stream().map(v -> "TRY_CAST(? AS " + column.type().trim() + ")")
                .collect(Collectors.joining(", "));
        return new Condition(name + " IS NOT NULL AND NOT coalesce(" + name + " IN (" + list + "), false)",
                List.copyOf(check.values()));
    }

    private static Condition range(CheckSpec check, TableColumn column) {
        InvalidArgumentException.check(check.min().isPresent() || check.max().isPresent(),
                "check %s (range): give min, max or both", check.name());
        String type = baseType(column.type());
        InvalidArgumentException.check(NUMERIC_TYPES.contains(type) || type.equals("DECIMAL"),
                "check %s (range): column %s is %s; range needs a numeric column", check.name(), column.name(),
                column.type());
        check.min().ifPresent(min -> InvalidArgumentException.check(!min.isNaN(), "check %s (range): min is NaN",
                check.name()));
        check.max().ifPresent(max -> InvalidArgumentException.check(!max.isNaN(), "check %s (range): max is NaN",
                check.name()));
        if (check.min().isPresent() && check.max().isPresent()) {
            InvalidArgumentException.check(check.min().get() <= check.max().get(),
                    "check %s (range): min %s is greater than max %s", check.name(), check.min().get(), check.max().get());
        }
        String name = quote(column.name());
        List<String> within = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        // the bounds are DOUBLE so a DECIMAL(12,2) column does not round a bound such as 0.005 to its own scale
        check.min().ifPresent(min -> {
            within.add(name + " >= CAST(? AS DOUBLE)");
            parameters.add(min);
        });
        check.max().ifPresent(max -> {
            within.add(name + " <= CAST(? AS DOUBLE)");
            parameters.add(max);
        });
        String failing = "NOT coalesce(" + String.join(" AND ", within) + ", false)";
        if (FLOAT_TYPES.contains(type)) {
            // DuckDB orders NaN above every number, so with only a min bound NaN would pass: NaN is never in range
            failing = "(" + failing + " OR isnan(" + name + "))";
        }
        return new Condition(name + " IS NOT NULL AND " + failing, parameters);
    }

    private static Condition regex(CheckSpec check, TableColumn column) {
        String pattern = check.pattern().orElseThrow(() -> new InvalidArgumentException(
                "check " + check.name() + " (regex): pattern is missing"));
        String name = quote(column.name());
        String text = baseType(column.type()).equals("VARCHAR") ? name : "CAST(" + name + " AS VARCHAR)";
        return new Condition(name + " IS NOT NULL AND NOT regexp_full_match(" + text + ", ?)", List.of(pattern));
    }

    /**
     * Rows beyond the first of each key: rows with a NULL in any key column are not compared (NULL is not equal to
     * NULL, as in a SQL UNIQUE constraint).
     */
    private static String duplicates(List<TableColumn> columns) {
        if (columns.size() == 1) {
            String name = quote(columns.get(0).name());
            return "count(" + name + ") - count(DISTINCT " + name + ")";
        }
        String notNull = allNotNull(columns);
        String key = columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        return "count(*) FILTER (WHERE " + notNull + ") - count(DISTINCT (" + key + ")) FILTER (WHERE " + notNull + ")";
    }

    private static String allNotNull(List<TableColumn> columns) {
        return columns.stream().map(c -> quote(c.name()) + " IS NOT NULL").collect(Collectors.joining(" AND "));
    }

    private static Optional<Threshold> threshold(CheckSpec check, CheckKind kind) {
        if (kind == CheckKind.SCHEMA) {
            InvalidArgumentException.check(check.threshold().isEmpty(), "check %s (schema) takes no threshold",
                    check.name());
            return Optional.empty();
        }
        Threshold threshold;
        if (check.threshold().isPresent()) {
            threshold = check.threshold().get();
        } else {
            InvalidArgumentException.check(kind.judgesRows() && kind != CheckKind.NULL_PERCENTAGE,
                    "check %s (%s) needs a threshold", check.name(), kind.label());
            threshold = NO_FAILING_ROWS;
        }
        InvalidArgumentException.check(kind.units().contains(threshold.unit()),
                "check %s (%s): threshold '%s' has the wrong unit for this kind", check.name(), kind.label(),
                threshold);
        return Optional.of(threshold);
    }

    private static List<String> columnsOf(CheckSpec check, CheckKind kind) {
        Set<String> named = new LinkedHashSet<>();
        check.column().ifPresent(named::add);
        named.addAll(check.columns());
        switch (kind) {
            case NULL_PERCENTAGE, ACCEPTED_VALUES, RANGE, REGEX, REFERENTIAL_INTEGRITY -> InvalidArgumentException.check(
                    check.column().isPresent() && check.columns().isEmpty(), "check %s (%s) needs exactly one column",
                    check.name(), kind.label());
            case UNIQUENESS, NOT_NULL -> InvalidArgumentException.check(!named.isEmpty(),
                    "check %s (%s) needs column or columns", check.name(), kind.label());
            case FRESHNESS -> InvalidArgumentException.check(check.columns().isEmpty(),
                    "check %s (freshness) takes at most one column", check.name());
            case ROW_COUNT, ROW_COUNT_CHANGE, SCHEMA, CUSTOM_SQL -> InvalidArgumentException.check(named.isEmpty(),
                    "check %s (%s) takes no column", check.name(), kind.label());
        }
        return List.copyOf(named);
    }

    private static TableColumn resolve(CheckSpec check, CheckKind kind, List<TableColumn> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidArgumentException("check " + check.name() + " (" + kind.label()
                        + "): column " + name + " does not exist; the result has " + columns.stream()
                        .map(TableColumn::name).collect(Collectors.joining(", "))));
    }

    /** {@code DECIMAL(12,2)} is {@code DECIMAL}; other names upper-cased. */
    private static String baseType(String type) {
        String upper = type.trim().toUpperCase(Locale.ROOT);
        int parenthesis = upper.indexOf('(');
        return parenthesis < 0 ? upper : upper.substring(0, parenthesis).trim();
    }

    private static String withoutTrailingSemicolons(String sql) {
        String stripped = sql.strip();
        while (stripped.endsWith(";")) {
            stripped = stripped.substring(0, stripped.length() - 1).strip();
        }
        return stripped;
    }
}
