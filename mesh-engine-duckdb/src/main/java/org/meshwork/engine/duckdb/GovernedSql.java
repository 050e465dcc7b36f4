package org.meshwork.engine.duckdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.api.table.TableColumn;

/**
 * The SQL text of governed reads, kept in one place so it can be unit-tested: the view over a snapshot (allowed
 * columns, masks, row filter) and predicates of reads. Identifiers are always quoted; the only values written into the
 * text are the mask salt (checked to be letters and digits) and row-filter values in a view, quoted as literals
 * because DuckDB takes no parameters in {@code CREATE VIEW}; every value of a reader's filter is a bound parameter.
 */
final class GovernedSql {

    static final String REDACTED = "***";
    private static final Pattern SALT = Pattern.compile("[A-Za-z0-9]{16,128}");

    private GovernedSql() {}

    static String requireSalt(String salt) {
        if (salt == null || !SALT.matcher(salt).matches()) {
            throw new IllegalArgumentException("the mask salt must be 16 to 128 letters or digits");
        }
        return salt;
    }

    /** The expression a column is shown as: the column, or its mask over it. */
    static String maskExpression(String column, String type, java.util.Optional<MaskStrategy> mask, String salt) {
        String quoted = SqlIdentifiers.quote(column);
        if (mask.isEmpty()) {
            return quoted;
        }
        String text = "CAST(" + quoted + " AS VARCHAR)";
        switch (mask.get()) {
            case REDACT:
                return "CASE WHEN " + quoted + " IS NULL THEN NULL ELSE '" + REDACTED + "' END";
            case HASH:
                return "CASE WHEN " + quoted + " IS NULL THEN NULL ELSE sha256('" + requireSalt(salt) + "' || " + text
                        + ") END";
            case PARTIAL:
                // the last four characters stay; a value of four characters or fewer is starred out entirely
                return "CASE WHEN " + quoted + " IS NULL THEN NULL WHEN length(" + text + ") <= 4 THEN repeat('*', length("
                        + text + ")) ELSE repeat('*', length(" + text + ") - 4) || right(" + text + ", 4) END";
            case NULL:
                return "CAST(NULL AS " + requireScalarType(type, column) + ")";
            default:
                throw new IllegalStateException("unknown mask " + mask.get());
        }
    }

    /**
     * {@code CREATE VIEW "<product id>" AS SELECT <visible columns> FROM read_parquet([files]) WHERE <row filter>}. The
     * row filter applies to the stored values, the masks only to what the reader sees.
     */
    static String createView(GovernedView view, String salt) {
        Map<String, TableColumn> schema = view.schema().stream()
                .collect(Collectors.toMap(TableColumn::name, Function.identity(), (a, b) -> a));
        List<String> columns = new ArrayList<>();
        for (ColumnAccess access : view.decision().columns()) {
            TableColumn column = schema.get(access.name());
            if (column == null) {
                continue; // an older snapshot without the column: the reader sees the columns it had
            }
            columns.add(maskExpression(column.name(), column.type(), access.mask(), salt) + " AS "
                    + SqlIdentifiers.quote(column.name()));
        }
        if (columns.isEmpty()) {
            throw new InvalidArgumentException(view.product() + ": none of the columns you may read exist in this version");
        }
        String source;
        List<String> conditions = new ArrayList<>();
        if (view.files().isEmpty()) {
            // an empty snapshot: typed NULLs and no rows
            source = "(SELECT " + view.schema().stream().map(column -> "CAST(NULL AS "
                    + requireScalarType(column.type(), column.name()) + ") AS " + SqlIdentifiers.quote(column.name()))
                    .collect(Collectors.joining(", ")) + ")";
            conditions.add("false");
        } else {
            source = "read_parquet([" + view.files().stream()
                    .map(file -> SqlIdentifiers.literal(file.toAbsolutePath().normalize().toString()))
                    .collect(Collectors.joining(", ")) + "], union_by_name=true)";
        }
        for (Predicate predicate : view.decision().rowFilter()) {
            TableColumn column = schema.get(predicate.column());
            if (column == null) {
                // a row filter on a column this version lacks cannot be checked: show nothing rather than everything
                conditions.add("false");
                continue;
            }
            conditions.add(condition(predicate, value -> literalOf(value, column), SqlIdentifiers::literal));
        }
        return "CREATE VIEW " + SqlIdentifiers.quote(view.product().toString()) + " AS SELECT "
                + String.join(", ", columns) + " FROM " + source
                + (conditions.isEmpty() ? "" : " WHERE " + conditions.stream().map(c -> "(" + c + ")")
                        .collect(Collectors.joining(" AND ")));
    }

    private static String literalOf(String value, TableColumn column) {
        return "CAST(" + SqlIdentifiers.literal(value) + " AS " + requireScalarType(column.type(), column.name()) + ")";
    }

    /**
     * One predicate as SQL; {@code value} renders each value as the column's type (a {@code CAST(? AS type)}
     * placeholder for a reader's filter, a cast literal in a view), {@code text} a LIKE pattern, which is compared
     * with the column's text whatever its type.
     */
    static String condition(Predicate predicate, Function<String, String> value, Function<String, String> text) {
        String column = SqlIdentifiers.quote(predicate.column());
        String sql;
        Operator operator = predicate.operator();
        switch (operator) {
            case EQ: sql = column + " = " + value.apply(predicate.values().get(0)); break;
            case NEQ: sql = column + " <> " + value.apply(predicate.values().get(0)); break;
            case GT: sql = column + " > " + value.apply(predicate.values().get(0)); break;
            case GTE: sql = column + " >= " + value.apply(predicate.values().get(0)); break;
            case LT: sql = column + " < " + value.apply(predicate.values().get(0)); break;
            case LTE: sql = column + " <= " + value.apply(predicate.values().get(0)); break;
            case LIKE: sql = "CAST(" + column + " AS VARCHAR) LIKE " + text.apply(predicate.values().get(0)); break;
            case ILIKE: sql = "CAST(" + column + " AS VARCHAR) ILIKE " + text.apply(predicate.values().get(0)); break;
            case IN: sql = column + " IN (" + predicate.values().stream().map(value)
                    .collect(Collectors.joining(", ")) + ")"; break;
            case IS_NULL: sql = column + " IS NULL"; break;
            case IS_NOT_NULL: sql = column + " IS NOT NULL"; break;
            default: throw new IllegalStateException("unknown operator " + operator);
        }
        return predicate.negated() ? "NOT (" + sql + ")" : sql;
    }

    static String requireScalarType(String type, String column) {
        InvalidArgumentException.check(SqlIdentifiers.isScalarType(type),
                "column '%s' has type %s, which cannot be filtered or masked to NULL", column, type);
        return type.trim();
    }

    static List<Path> files(List<GovernedView> views) {
        return views.stream().flatMap(view -> view.files().stream()).map(path -> path.toAbsolutePath().normalize())
                .distinct().toList();
    }
}
