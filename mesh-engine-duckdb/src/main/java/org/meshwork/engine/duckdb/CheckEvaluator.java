package org.meshwork.engine.duckdb;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.Threshold;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.Relation;
import org.meshwork.api.engine.Row;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.api.quality.ReferenceData;
import org.meshwork.api.table.TableColumn;
import org.meshwork.engine.duckdb.quality.CheckCompiler;
import org.meshwork.engine.duckdb.quality.CheckKind;
import org.meshwork.engine.duckdb.quality.CompiledCheck;
import org.meshwork.engine.duckdb.quality.CompiledChecks;
import org.meshwork.engine.duckdb.quality.SqlStatement;

/**
 * Runs one {@link EngineSession#evaluate} call: validates every check, runs the one aggregate scan from
 * {@link CheckCompiler}, one anti-join per {@code referential_integrity} check, one query per {@code custom_sql}
 * check, and one {@code LIMIT 5} query per failed check that judges rows.
 *
 * <p>A locked session cannot read files outside its output roots, so a referenced product's Parquet files are read by
 * a short-lived second DuckDB database that runs only SQL written here: it sends the reference column's distinct
 * non-NULL values (as text) to a table of the session, where they are cast back to the column's type.
 */
final class CheckEvaluator {

    private static final String REFERENCE_TABLE = "_check_reference_";

    private final DuckDbSession session;
    private final SessionDatabase database;
    private final SessionOptions options;

    CheckEvaluator(DuckDbSession session, SessionDatabase database, SessionOptions options) {
        this.session = session;
        this.database = database;
        this.options = options;
    }

    List<CheckResult> evaluate(Relation relation, List<CheckSpec> checks, QualityContext context) {
        List<TableColumn> columns = session.describe(relation);
        CompiledChecks compiled = CheckCompiler.compile(relation.name(), columns, checks);
        Map<CompiledCheck, ProductId> references = new LinkedHashMap<>();
        for (CompiledCheck check : compiled.checks()) {
            validate(check, context).ifPresent(product -> references.put(check, product));
        }
        Row measured = database.select("quality checks", compiled.aggregate().sql(), compiled.aggregate().parameters(),
                row -> row).get(0);
        long rowCount = number(measured.value(0)).longValue();
        Map<String, String> staged = new LinkedHashMap<>();
        try {
            List<CheckResult> results = new ArrayList<>();
            for (CompiledCheck check : compiled.checks()) {
                Outcome outcome = switch (check.kind()) {
                    case ROW_COUNT -> rowCount(check, rowCount);
                    case NULL_PERCENTAGE, NOT_NULL, UNIQUENESS, ACCEPTED_VALUES, RANGE, REGEX -> failingRows(check,
                            rowCount, number(measured.value(check.aggregateColumn().getAsInt())).longValue());
                    case FRESHNESS -> freshness(check, measured, context.now());
                    case REFERENTIAL_INTEGRITY -> referentialIntegrity(check, relation, rowCount, references.get(check),
                            context, staged);
                    case ROW_COUNT_CHANGE -> rowCountChange(check, rowCount, context.previousRowCount());
                    case SCHEMA -> schema(relation, context);
                    case CUSTOM_SQL -> customSql(check, relation);
                };
                List<Map<String, Object>> sample = !outcome.passed() && outcome.sample().isPresent()
                        ? sample(check, outcome.sample().get(), context) : List.of();
                results.add(new CheckResult(check.spec().name(), check.kind().label(), check.spec().severity(),
                        outcome.measured(), check.threshold().map(Threshold::toString).orElse("matches the contract"),
                        outcome.passed(), outcome.message(), outcome.failingRows(), sample));
            }
            return results;
        } finally {
            for (String table : staged.values()) {
                database.update("quality checks", "DROP TABLE IF EXISTS " + SqlIdentifiers.quote(table));
            }
        }
    }

    private record Outcome(Optional<Double> measured, boolean passed, String message, OptionalLong failingRows,
            Optional<SqlStatement> sample) {}

    /** Checks what the compiler cannot see; returns the referenced product of a referential_integrity check. */
    private Optional<ProductId> validate(CompiledCheck check, QualityContext context) {
        CheckSpec spec = check.spec();
        String name = spec.name() + " (" + check.kind().label() + ")";
        switch (check.kind()) {
            case REGEX -> {
                try {
                    database.select("check " + name, "SELECT regexp_full_match('', ?)", List.of(spec.pattern().get()),
                            row -> row);
                } catch (QueryCancelledException e) {
                    throw e;
                } catch (MeshException e) {
                    throw new InvalidArgumentException("check " + name + ": pattern '" + spec.pattern().get()
                            + "' is not a valid regular expression: " + e.getMessage());
                }
            }
            case CUSTOM_SQL -> {
                String sql = spec.sql().orElseThrow(() -> new InvalidArgumentException("check " + name
                        + ": sql is missing"));
                session.requireSingleQuery(CheckCompiler.withTable(sql), "check " + name + ": sql");
            }
            case REFERENTIAL_INTEGRITY -> {
                String product = spec.referenceProduct().orElseThrow(() -> new InvalidArgumentException("check " + name
                        + ": reference product is missing"));
                ProductId id;
                try {
                    id = ProductId.parse(product);
                } catch (InvalidArgumentException e) {
                    throw new InvalidArgumentException("check " + name + ": " + e.getMessage());
                }
                ReferenceData data = context.references().get(id);
                InvalidArgumentException.check(data != null, "check %s: no snapshot of the referenced product %s was "
                        + "provided", name, id);
                String column = referenceColumn(check);
                TableColumn referenced = data.column(column).orElseThrow(() -> new InvalidArgumentException("check "
                        + name + ": the referenced product " + id + " has no column " + column));
                InvalidArgumentException.check(SqlIdentifiers.isScalarType(referenced.type()),
                        "check %s: the referenced column %s.%s is %s, not a scalar type", name, id, column,
                        referenced.type());
                return Optional.of(id);
            }
            case ROW_COUNT, NULL_PERCENTAGE, FRESHNESS, UNIQUENESS, ACCEPTED_VALUES, RANGE, NOT_NULL, ROW_COUNT_CHANGE,
                    SCHEMA -> {
                // fully validated by the compiler
            }
        }
        return Optional.empty();
    }

    private static String referenceColumn(CompiledCheck check) {
        return check.spec().referenceColumn().orElse(check.column());
    }

    private static Outcome rowCount(CompiledCheck check, long rowCount) {
        Threshold threshold = check.threshold().orElseThrow();
        boolean passed = threshold.passes(rowCount);
        return new Outcome(Optional.of((double) rowCount), passed, rows(rowCount) + "; expected " + threshold,
                OptionalLong.empty(), Optional.empty());
    }

    private static Outcome failingRows(CompiledCheck check, long rowCount, long failing) {
        Threshold threshold = check.threshold().orElseThrow();
        double share = rowCount == 0 ? 0 : 100.0 * failing / rowCount;
        String columns = String.join(", ", check.columns());
        if (check.kind() == CheckKind.NULL_PERCENTAGE) {
            return new Outcome(Optional.of(share), threshold.passes(share), format(share) + "% of " + columns
                    + " is NULL (" + failing + " of " + rows(rowCount) + "); expected " + threshold,
                    OptionalLong.of(failing), check.sample());
        }
        String what = switch (check.kind()) {
            case NOT_NULL -> "a NULL in " + columns;
            case UNIQUENESS -> "a value of (" + columns + ") that an earlier row already has";
            case ACCEPTED_VALUES -> "a value of " + columns + " that is not accepted (" + accepted(check.spec()) + ")";
            case RANGE -> "a value of " + columns + " outside " + bounds(check.spec());
            case REGEX -> "a value of " + columns + " that does not fully match '" + check.spec().pattern().orElseThrow()
                    + "'";
            case ROW_COUNT, NULL_PERCENTAGE, FRESHNESS, REFERENTIAL_INTEGRITY, ROW_COUNT_CHANGE, SCHEMA, CUSTOM_SQL ->
                    throw new IllegalStateException(check.kind() + " does not count failing rows in the scan");
        };
        return judged(threshold, rowCount, failing, what, check.sample());
    }

    private static Outcome judged(Threshold threshold, long rowCount, long failing, String what,
            Optional<SqlStatement> sample) {
        double share = rowCount == 0 ? 0 : 100.0 * failing / rowCount;
        boolean percent = threshold.unit() == Threshold.Unit.PERCENT;
        double measured = percent ? share : failing;
        String counted = percent ? format(share) + "% of rows (" + failing + " of " + rowCount + ") have " + what
                : failing + (failing == 1 ? " row has " : " rows have ") + what;
        return new Outcome(Optional.of(measured), threshold.passes(measured), counted + "; expected " + threshold,
                OptionalLong.of(failing), sample);
    }

    private static Outcome freshness(CompiledCheck check, Row measured, Instant now) {
        Threshold threshold = check.threshold().orElseThrow();
        if (check.aggregateColumn().isEmpty()) {
            return new Outcome(Optional.of(0.0), threshold.passes(0), "the data is published by this run (age 0 s); "
                    + "expected " + threshold, OptionalLong.empty(), Optional.empty());
        }
        Object newest = measured.value(check.aggregateColumn().getAsInt());
        if (newest == null) {
            return new Outcome(Optional.empty(), false, check.column() + " has no non-NULL value, so freshness cannot "
                    + "be measured; expected " + threshold, OptionalLong.empty(), Optional.empty());
        }
        double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        double age = nowSeconds - number(newest).doubleValue();
        return new Outcome(Optional.of(age), threshold.passes(age), "the newest " + check.column() + " is "
                + duration(age) + " old; expected " + threshold, OptionalLong.empty(), Optional.empty());
    }

    private static Outcome rowCountChange(CompiledCheck check, long rowCount, Optional<Long> previous) {
        Threshold threshold = check.threshold().orElseThrow();
        if (previous.isEmpty()) {
            return new Outcome(Optional.empty(), true, "no previous snapshot: nothing to compare " + rows(rowCount)
                    + " with", OptionalLong.empty(), Optional.empty());
        }
        long before = previous.get();
        double change = before == 0 ? (rowCount == 0 ? 0 : Double.POSITIVE_INFINITY)
                : 100.0 * Math.abs(rowCount - before) / before;
        return new Outcome(Optional.of(change), threshold.passes(change), "the row count changed by " + format(change)
                + "% (" + before + " → " + rowCount + " rows); expected " + threshold, OptionalLong.empty(),
                Optional.empty());
    }

    private Outcome referentialIntegrity(CompiledCheck check, Relation relation, long rowCount, ProductId product,
            QualityContext context, Map<String, String> staged) {
        String column = referenceColumn(check);
        String key = product + "\u0000" + column;
        String table = staged.get(key);
        if (table == null) {
            table = REFERENCE_TABLE + staged.size();
            stageReference(table, context.references().get(product), column);
            staged.put(key, table);
        }
        SqlStatement count = CheckCompiler.missingReferences(relation.name(), check.column(), table);
        long missing = number(database.select("check " + check.spec().name(), count.sql(), count.parameters(),
                row -> row.value(0)).get(0)).longValue();
        return judged(check.threshold().orElseThrow(), rowCount, missing, "a " + check.column()
                + " that is missing from " + product + " (" + column + ")",
                Optional.of(CheckCompiler.missingReferencesSample(relation.name(), check.column(), table)));
    }

    private Outcome schema(Relation relation, QualityContext context) {
        if (context.schema().isEmpty()) {
            return new Outcome(Optional.of(0.0), true, "no contract is declared: nothing to compare with",
                    OptionalLong.empty(), Optional.empty());
        }
        List<String> problems = session.contractProblems(relation, context.schema());
        return new Outcome(Optional.of((double) problems.size()), problems.isEmpty(), problems.isEmpty()
                ? "the result matches the contract (" + context.schema().columns().size() + " columns)"
                : "the result does not match the contract: " + String.join("; ", problems), OptionalLong.empty(),
                Optional.empty());
    }

    private Outcome customSql(CompiledCheck check, Relation relation) {
        Threshold threshold = check.threshold().orElseThrow();
        String name = "check " + check.spec().name() + " (custom_sql)";
        SqlStatement query = CheckCompiler.customSql(relation.name(), check.spec().sql().orElseThrow());
        List<Row> rows;
        try {
            rows = database.select(name, query.sql(), query.parameters(), row -> row);
        } catch (QueryCancelledException e) {
            throw e;
        } catch (MeshException e) {
            if (isQueryError(e)) {
                throw new InvalidArgumentException(name + ": the query failed: " + e.getMessage());
            }
            throw e;
        }
        InvalidArgumentException.check(rows.size() <= 1, "%s: the query must return a single value but returned %d "
                + "rows", name, rows.size());
        if (rows.isEmpty() || rows.get(0).value(0) == null) {
            InvalidArgumentException.check(rows.isEmpty() || rows.get(0).columns().size() == 1,
                    "%s: the query must return a single column", name);
            return new Outcome(Optional.empty(), false, "the query returned " + (rows.isEmpty() ? "no row" : "NULL")
                    + "; expected " + threshold, OptionalLong.empty(), Optional.empty());
        }
        Row row = rows.get(0);
        InvalidArgumentException.check(row.columns().size() == 1, "%s: the query must return a single column, not %d",
                name, row.columns().size());
        Object value = row.value(0);
        InvalidArgumentException.check(value instanceof Number, "%s: the query must return a number, not %s", name,
                value.getClass().getSimpleName());
        double measured = ((Number) value).doubleValue();
        return new Outcome(Optional.of(measured), threshold.passes(measured), "the query returned " + format(measured)
                + "; expected " + threshold, OptionalLong.empty(), Optional.empty());
    }

    /** Errors in a team's SQL (names, types, syntax), as opposed to the engine running out of memory or disk. */
    private static boolean isQueryError(MeshException e) {
        String message = String.valueOf(e.getMessage());
        return List.of("Binder Error", "Parser Error", "Catalog Error", "Conversion Error", "Invalid Input Error")
                .stream().anyMatch(message::contains);
    }

    private List<Map<String, Object>> sample(CompiledCheck check, SqlStatement query, QualityContext context) {
        Set<String> pii = context.schema().columns().stream().filter(ColumnSpec::isPii).map(ColumnSpec::name)
                .collect(Collectors.toCollection(HashSet::new));
        return database.select("check " + check.spec().name() + ": failing rows", query.sql(), query.parameters(),
                row -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 0; i < row.columns().size(); i++) {
                        String column = row.columns().get(i);
                        Object value = row.value(i);
                        values.put(column, value != null && pii.contains(column) ? CheckResult.MASK : value);
                    }
                    return values;
                });
    }

    /**
     * Copies the distinct non-NULL values of a referenced product's column into a session table {@code table (v)} of
     * the column's type.
     */
    private void stageReference(String table, ReferenceData data, String column) {
        String context = "referential integrity: read the referenced column " + column;
        String type = data.column(column).orElseThrow().type().trim();
        String text = table + "_text";
        database.update(context, "CREATE OR REPLACE TABLE " + SqlIdentifiers.quote(text) + " (v VARCHAR)");
        try {
            if (!data.files().isEmpty()) {
                copyDistinctValues(data, column, text, context);
            }
            database.update(context, "CREATE OR REPLACE TABLE " + SqlIdentifiers.quote(table) + " AS SELECT DISTINCT"
                    + " CAST(v AS " + type + ") AS v FROM " + SqlIdentifiers.quote(text));
        } finally {
            database.update(context, "DROP TABLE IF EXISTS " + SqlIdentifiers.quote(text));
        }
    }

    private void copyDistinctValues(ReferenceData data, String column, String table, String context) {
        Properties config = new Properties();
        config.setProperty("autoinstall_known_extensions", "false");
        config.setProperty("autoload_known_extensions", "false");
        options.memoryLimit().ifPresent(limit -> config.setProperty("memory_limit", limit.trim()));
        options.threads().ifPresent(threads -> config.setProperty("threads", Integer.toString(threads)));
        // read_parquet takes no bound list parameter, so the platform's file list becomes quoted literals
        String files = data.files().stream().map(file -> SqlIdentifiers.literal(file.toString()))
                .collect(Collectors.joining(", "));
        String name = SqlIdentifiers.quote(column);
        String sql = "SELECT DISTINCT CAST(" + name + " AS VARCHAR) FROM read_parquet([" + files
                + "], union_by_name=true) WHERE " + name + " IS NOT NULL";
        try (Connection reader = DriverManager.getConnection("jdbc:duckdb:", config);
                PreparedStatement statement = reader.prepareStatement(sql)) {
            Runnable untrack = database.track(statement);
            try (ResultSet values = statement.executeQuery();
                    DuckDBAppender appender = database.appender(context, table)) {
                while (values.next()) {
                    appender.beginRow().append(values.getString(1)).endRow();
                }
            } finally {
                untrack.run();
            }
        } catch (SQLException e) {
            throw database.failure(context, e);
        }
    }

    private static Number number(Object value) {
        if (value instanceof Number number) {
            return number;
        }
        throw new MeshException(ErrorCode.INTERNAL, "expected a number from a quality check, got " + value);
    }

    private static String rows(long count) {
        return count + (count == 1 ? " row" : " rows");
    }

    private static String accepted(CheckSpec check) {
        List<String> values = check.values();
        String shown = values.stream().limit(10).collect(Collectors.joining(", "));
        return values.size() > 10 ? shown + ", … " + (values.size() - 10) + " more" : shown;
    }

    private static String bounds(CheckSpec check) {
        if (check.min().isPresent() && check.max().isPresent()) {
            return "[" + format(check.min().get()) + ", " + format(check.max().get()) + "]";
        }
        return check.min().map(min -> "≥ " + format(min)).orElseGet(() -> "≤ " + format(check.max().orElseThrow()));
    }

    /** A number for people: integers without decimals, others with two (or two significant digits when smaller). */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "infinitely many" : "minus infinitely many";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal decimal = BigDecimal.valueOf(value);
        BigDecimal rounded = decimal.setScale(2, RoundingMode.HALF_UP);
        if (rounded.signum() == 0) {
            rounded = decimal.round(new MathContext(2, RoundingMode.HALF_UP));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /** An age for people: seconds, minutes, hours or days, whichever reads best. */
    static String duration(double seconds) {
        double absolute = Math.abs(seconds);
        String sign = seconds < 0 ? "-" : "";
        if (absolute < 120) {
            return sign + format(absolute) + " s";
        }
        if (absolute < 2 * 3600) {
            return sign + format(absolute / 60) + " min";
        }
        if (absolute < 2 * 86400) {
            return sign + format(absolute / 3600) + " hours";
        }
        return sign + format(absolute / 86400) + " days";
    }
}
