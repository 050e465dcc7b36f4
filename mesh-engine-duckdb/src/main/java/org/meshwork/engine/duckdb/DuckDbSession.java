package org.meshwork.engine.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.engine.ContractMismatchException;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.Relation;
import org.meshwork.api.engine.RowMapper;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.TransformResult;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.TableColumn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-memory DuckDB database. The load phase ends with {@link #lockDown()}: DuckDB's
 * {@code enable_external_access=false} with {@code allowed_directories} set to the output roots, then
 * {@code lock_configuration=true}, so transform and check SQL can neither read the host's files nor undo the
 * settings, while {@code COPY ... TO} into the output roots and spilling to the temporary directory keep working.
 */
final class DuckDbSession implements EngineSession {
    /** Lossless widenings of DuckDB types that Parquet/Delta tables cannot store. */
    private static final Map<String, String> STORABLE_WIDENINGS = Map.of(
            "HUGEINT", "DECIMAL(38,0)",
            "UHUGEINT", "DECIMAL(38,0)",
            "UBIGINT", "DECIMAL(20,0)",
            "UINTEGER", "BIGINT",
            "USMALLINT", "INTEGER",
            "UTINYINT", "SMALLINT");
    /** Types whose values are whole numbers: casting them to another such type or a decimal is exact or an error. */
    private static final Pattern INTEGER_VALUED_TYPE = Pattern.compile(
            "TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL\\(\\d+,0\\)");
    private static final Pattern DECIMAL_TYPE = Pattern.compile("DECIMAL\\(\\d+,\\d+\\)");


    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSession.class);
    private static final String RESULT_RELATION = "_result";
    private static final String PREVIOUS_RELATION = "_previous";

    private final SessionOptions options;
    private final SessionDatabase database;
    private final Path workDirectory;
    private final Set<String> sources = new LinkedHashSet<>();
    private boolean locked;
    private int tableReads;

    private DuckDbSession(SessionOptions options, SessionDatabase database, Path workDirectory) {
        this.options = options;
        this.database = database;
        this.workDirectory = workDirectory;
    }

    static DuckDbSession open(SessionOptions options) {
        Path workDirectory;
        try {
            workDirectory = options.tempDirectory().isPresent()
                    ? Files.createTempDirectory(Files.createDirectories(options.tempDirectory().get()), "duckdb-session-")
                    : Files.createTempDirectory("meshwork-duckdb-session-");
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, "cannot create the engine's temporary directory: " + e, e);
        }
        Properties config = new Properties();
        config.setProperty("temp_directory", workDirectory.resolve("spill").toString());
        config.setProperty("autoinstall_known_extensions", "false");
        config.setProperty("autoload_known_extensions", "false");
        // rows of a pipeline have no order unless the SQL asks for one; not keeping it lets sorts and aggregates
        // spill with less memory (DuckDB's own advice for memory-limited workloads)
        config.setProperty("preserve_insertion_order", "false");
        options.memoryLimit().ifPresent(limit -> config.setProperty("memory_limit", limit.trim()));
        options.threads().ifPresent(threads -> config.setProperty("threads", Integer.toString(threads)));
        try {
            SessionDatabase database = new SessionDatabase(DriverManager.getConnection("jdbc:duckdb:", config));
            database.update("open session", "CREATE TABLE " + SqlIdentifiers.quote(QUARANTINE_RELATION)
                    + " (source VARCHAR NOT NULL, reason VARCHAR NOT NULL, run_id VARCHAR NOT NULL, record VARCHAR,"
                    + " line BIGINT)");
            return new DuckDbSession(options, database, workDirectory);
        } catch (SQLException e) {
            deleteRecursively(workDirectory);
            throw new MeshException(ErrorCode.RUN_FAILED, "cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    @Override
    public LoadResult load(SourceSpec source, SourceInput input) {
        if (locked) {
            throw new IllegalStateException("sources must be loaded before the first transform, query or write");
        }
        SqlIdentifiers.requireName(source.name(), "source name");
        InvalidArgumentException.check(sources.stream().noneMatch(s -> s.equalsIgnoreCase(source.name())),
                "source %s is loaded twice", source.name());
        List<DeclaredColumn> declared = DeclaredColumn.parse(source.name(), source.columns());
        for (DeclaredColumn column : declared) {
            requireKnownType(column.type(), "source " + source.name() + ", column " + column.name());
        }
        SourceContext context = new SourceContext(source, input, declared, database, options.runId(), workDirectory);
        SourceReader reader = switch (source.type()) {
            case CSV -> new CsvSourceReader();
            case JSON -> new JsonSourceReader();
            case PARQUET -> ParquetSourceReader.files();
            case PRODUCT -> ParquetSourceReader.product();
            case JDBC -> new JdbcSourceReader();
            case HTTP -> new HttpSourceReader();
        };
        long started = System.nanoTime();
        LoadResult result = SourceTyping.apply(context, reader.read(context));
        sources.add(source.name());
        LOG.debug("run {}: loaded source {} ({}): {} rows read, {} loaded, {} quarantined in {} ms", options.runId(),
                source.name(), source.type().label(), result.rowsRead(), result.rowsLoaded(), result.rowsQuarantined(),
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    @Override
    public Relation quarantine() {
        return new Relation(QUARANTINE_RELATION);
    }

    @Override
    public TransformResult transform(TransformSpec transform, Optional<Object> watermarkAfter) {
        lockDown();
        String select;
        if (transform.sql().isPresent()) {
            String sql = requireSingleQuery(transform.sql().get(), "transform SQL").strip();
            while (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1).strip();
            }
            // the parentheses make a second statement after a ';' a syntax error instead of a second command
            select = "SELECT * FROM (\n" + sql + "\n)";
        } else {
            InvalidArgumentException.check(sources.size() == 1,
                    "a transform without SQL passes one source through, but %d sources are loaded", sources.size());
            select = "SELECT * FROM " + SqlIdentifiers.quote(sources.iterator().next());
        }
        List<Object> parameters = new ArrayList<>();
        if (watermarkAfter.isPresent()) {
            String column = transform.watermark().orElseThrow(() -> new InvalidArgumentException(
                    "a watermark bound was given but the transform names no watermark column"));
            select = "SELECT * FROM (" + select + ") WHERE " + SqlIdentifiers.quote(column) + " > ?";
            parameters.add(watermarkAfter.get());
        }
        if (transform.addRunColumns()) {
            select = "SELECT *, CAST(? AS VARCHAR) AS " + RUN_ID_COLUMN + ", CAST(? AS TIMESTAMPTZ) AS "
                    + LOADED_AT_COLUMN + " FROM (" + select + ")";
            parameters.add(0, Instant.now().toString());
            parameters.add(0, options.runId());
        }
        database.update("transform", "CREATE OR REPLACE TABLE " + SqlIdentifiers.quote(RESULT_RELATION) + " AS "
                + select, parameters.toArray());
        widenToStorableTypes(new Relation(RESULT_RELATION));
        return new TransformResult(new Relation(RESULT_RELATION), database.count("transform", RESULT_RELATION));
    }

    @Override
    public List<TableColumn> describe(Relation relation) {
        List<TableColumn> columns = database.select("describe " + relation,
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = ?"
                        + " ORDER BY ordinal_position", List.of(relation.name()),
                row -> new TableColumn((String) row.value(0), (String) row.value(1), "YES".equals(row.value(2))));
        if (columns.isEmpty()) {
            throw new InvalidArgumentException("no relation " + relation + " in this session");
        }
        return columns;
    }

    /**
     * DuckDB's own wide integers ({@code sum} of a {@code BIGINT} is a {@code HUGEINT}) and unsigned integers have no
     * Parquet/Delta counterpart; each is widened, without loss, to the narrowest type a table can store.
     */
    private void widenToStorableTypes(Relation relation) {
        for (TableColumn column : describe(relation)) {
            String storable = STORABLE_WIDENINGS.get(column.type());
            if (storable != null) {
                database.update("widen " + column.name(), "ALTER TABLE " + SqlIdentifiers.quote(relation.name()) + " ALTER "
                        + SqlIdentifiers.quote(column.name()) + " TYPE " + storable);
            }
        }
    }

    /**
     * Casts each whole-number result column whose type differs from the contract's whole-number or decimal type to
     * that type; returns the columns whose values do not all fit, each with its problem.
     */
    private Map<String, String> conformNumericColumns(Relation relation, OutputSchema contract) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        for (TableColumn column : describe(relation)) {
            Optional<ColumnSpec> expected = contract.column(column.name());
            if (expected.isEmpty()) {
                continue;
            }
            String expectedType = requireKnownType(expected.get().type(), "contract column " + column.name());
            if (!expectedType.equals(column.type()) && conformable(column.type(), expectedType)) {
                conformNumeric(relation, column.name(), column.type(), expectedType)
                        .ifPresent(problem -> problems.put(column.name(), problem));
            }
        }
        return problems;
    }

    /** Casts a result column to the contract's type; a value that does not fit is a contract problem. */
    private Optional<String> conformNumeric(Relation relation, String column, String from, String to) {
        try {
            database.update("conform " + column, "ALTER TABLE " + SqlIdentifiers.quote(relation.name()) + " ALTER "
                    + SqlIdentifiers.quote(column) + " TYPE " + to);
            return Optional.empty();
        } catch (MeshException e) {
            return Optional.of("column " + column + ": the contract says " + to + " but the result's " + from
                    + " values do not all fit (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * Whether a result column of type {@code from} is cast to the contract's {@code to}: only whole numbers into a
     * whole-number or decimal type, where a value that does not fit fails the cast instead of being rounded. Fractional
     * and floating-point values keep their type; the transform must cast them on purpose.
     */
    private static boolean conformable(String from, String to) {
        return INTEGER_VALUED_TYPE.matcher(from).matches()
                && (INTEGER_VALUED_TYPE.matcher(to).matches() || DECIMAL_TYPE.matcher(to).matches());
    }

    @Override
    public void checkContract(Relation relation, OutputSchema contract) {
        lockDown();
        Map<String, String> unfit = conformNumericColumns(relation, contract);
        List<String> problems = new ArrayList<>(unfit.values());
        for (String problem : contractProblems(relation, contract)) {
            if (unfit.keySet().stream().noneMatch(column -> problem.startsWith("column " + column + ": the contract says"))) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new ContractMismatchException(problems);
        }
    }

    @Override
    public List<CheckResult> evaluate(Relation relation, List<CheckSpec> checks, QualityContext context) {
        lockDown();
        return new CheckEvaluator(this, database, options).evaluate(relation, checks, context);
    }

    /** How many statements the session has run so far (for tests of the one-scan property). */
    long statementsRun() {
        return database.statementsRun();
    }

    /** Every way a relation differs from the contract, one sentence per column at fault; empty when it matches. */
    List<String> contractProblems(Relation relation, OutputSchema contract) {
        List<TableColumn> actual = describe(relation);
        List<String> problems = new ArrayList<>();
        List<String> notNull = new ArrayList<>();
        Set<String> contractNames = new HashSet<>();
        String actualList = actual.stream().map(TableColumn::name).collect(Collectors.joining(", "));
        for (ColumnSpec expected : contract.columns()) {
            contractNames.add(expected.name());
            Optional<TableColumn> found = actual.stream().filter(c -> c.name().equals(expected.name())).findFirst();
            if (found.isEmpty()) {
                problems.add("column " + expected.name() + ": missing from the result (the result has " + actualList + ")");
                continue;
            }
            String expectedType = requireKnownType(expected.type(), "contract column " + expected.name());
            String actualType = found.get().type();
            if (!expectedType.equals(actualType)) {
                problems.add("column " + expected.name() + ": the contract says " + expectedType + " but the result has "
                        + actualType + "; cast it in the transform");
            }
            if (!expected.nullable()) {
                notNull.add(expected.name());
            }
        }
        for (TableColumn column : actual) {
            if (!contractNames.contains(column.name())) {
                problems.add("column " + column.name() + ": in the result but not in the contract");
            }
        }
        if (!notNull.isEmpty()) {
            List<Long> nulls = database.select("check contract", "SELECT " + notNull.stream()
                    .map(c -> "count(*) FILTER (WHERE " + SqlIdentifiers.quote(c) + " IS NULL)")
                    .collect(Collectors.joining(", ")) + " FROM " + SqlIdentifiers.quote(relation.name()), List.of(),
                    row -> row.values().stream().map(v -> ((Number) v).longValue()).toList()).get(0);
            for (int i = 0; i < notNull.size(); i++) {
                if (nulls.get(i) > 0) {
                    problems.add("column " + notNull.get(i) + ": " + nulls.get(i) + " NULL value"
                            + (nulls.get(i) == 1 ? "" : "s") + " in a non-nullable column");
                }
            }
        }
        return problems;
    }

    @Override
    public Relation readTable(List<Path> files, List<TableColumn> schema) {
        lockDown();
        InvalidArgumentException.check(!files.isEmpty(), "readTable needs at least one file");
        InvalidArgumentException.check(!schema.isEmpty(), "readTable needs at least one column");
        for (Path file : files) {
            Path normalized = file.toAbsolutePath().normalize();
            InvalidArgumentException.check(options.outputRoots().stream().anyMatch(normalized::startsWith),
                    "file %s is not inside an output root of this session %s", normalized, options.outputRoots());
        }
        // read_parquet takes no bound list parameter, so the platform's file list becomes quoted literals
        String source = "read_parquet([" + files.stream()
                .map(file -> SqlIdentifiers.literal(file.toAbsolutePath().normalize().toString()))
                .collect(Collectors.joining(", ")) + "], union_by_name=true)";
        Set<String> present = new HashSet<>(database.select("describe table files", "SELECT column_name FROM"
                + " (DESCRIBE SELECT * FROM " + source + ")", List.of(), row -> (String) row.value(0)));
        String columns = schema.stream().map(column -> {
            String type = requireKnownType(column.type(), "column " + column.name());
            String name = SqlIdentifiers.quote(column.name());
            return (present.contains(column.name()) ? "CAST(" + name + " AS " + type + ")" : "CAST(NULL AS " + type + ")")
                    + " AS " + name;
        }).collect(Collectors.joining(", "));
        String relation = PREVIOUS_RELATION + "_" + (++tableReads);
        // a view: the rows stream from the files into whatever reads it (a COPY), they are not held in memory
        database.update("read table files", "CREATE VIEW " + SqlIdentifiers.quote(relation) + " AS SELECT " + columns
                + " FROM " + source);
        return new Relation(relation);
    }

    @Override
    public List<DataFile> writeParquet(Relation relation, Path tableRoot, Path directory, ParquetWriteOptions write) {
        lockDown();
        Path root = tableRoot.toAbsolutePath().normalize();
        Path target = directory.toAbsolutePath().normalize();
        InvalidArgumentException.check(target.startsWith(root), "directory %s is not inside the table root %s",
                target, root);
        InvalidArgumentException.check(options.outputRoots().stream().anyMatch(target::startsWith),
                "directory %s is not inside an output root of this session %s", target, options.outputRoots());
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, "cannot create " + target + ": " + e, e);
        }
        // COPY takes no parameters: the directory is a quoted literal, the numbers and codec come from typed options
        List<String> files = database.select("write " + relation, "COPY (SELECT * FROM "
                        + SqlIdentifiers.quote(relation.name()) + ") TO " + SqlIdentifiers.literal(target.toString())
                        + " (FORMAT parquet, FILE_SIZE_BYTES " + write.targetFileSizeBytes() + ", ROW_GROUP_SIZE "
                        + write.rowGroupSize() + ", COMPRESSION " + write.compression().name().toLowerCase(Locale.ROOT)
                        + ", FILENAME_PATTERN 'part-{uuid}', APPEND true, RETURN_FILES true)", List.of(),
                row -> row.value(1)).stream()
                .flatMap(value -> ((List<?>) value).stream()).map(Object::toString).sorted().toList();
        List<DataFile> written = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            long rows = database.select("write " + relation, "SELECT num_rows FROM parquet_file_metadata(?)",
                    List.of(file), row -> ((Number) row.value(0)).longValue()).get(0);
            try {
                written.add(new DataFile(root.relativize(path).toString().replace('\\', '/'), Files.size(path), rows,
                        Files.getLastModifiedTime(path).toMillis()));
            } catch (IOException e) {
                throw new MeshException(ErrorCode.RUN_FAILED, "cannot read the written file " + path + ": " + e, e);
            }
        }
        return written;
    }

    @Override
    public <T> List<T> query(String sql, List<Object> parameters, RowMapper<T> mapper) {
        lockDown();
        return database.select("query", requireSingleQuery(sql, "query"), parameters, mapper);
    }

    @Override
    public Optional<Object> max(Relation relation, String column) {
        return Optional.ofNullable(database.select("max of " + column, "SELECT max(" + SqlIdentifiers.quote(column)
                + ") FROM " + SqlIdentifiers.quote(relation.name()), List.of(), row -> row.value(0)).get(0));
    }

    @Override
    public void cancel() {
        database.cancel();
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    /** Ends the load phase; see the class comment. */
    private void lockDown() {
        if (locked) {
            return;
        }
        // SET takes no parameters: the directories are quoted literals
        String allowed = options.outputRoots().stream()
                .map(root -> SqlIdentifiers.literal(root.toString().endsWith("/") ? root.toString() : root + "/"))
                .collect(Collectors.joining(", "));
        database.update("restrict file access", "SET allowed_directories = [" + allowed + "]");
        database.update("restrict file access", "SET enable_external_access = false");
        database.update("restrict file access", "SET lock_configuration = true");
        locked = true;
    }

    /**
     * Lets only one read-only statement through, checked by DuckDB's own parser: {@code json_serialize_sql} accepts
     * SELECT statements only (DDL, DML, COPY, SET, PRAGMA and ATTACH are refused) and reports each statement.
     */
    String requireSingleQuery(String sql, String what) {
        record Parsed(boolean error, String message, Long statements) {}
        Parsed parsed = database.select(what, "SELECT coalesce(json_extract(j, '$.error')::BOOLEAN, false),"
                        + " json_extract_string(j, '$.error_message'), json_array_length(j, '$.statements')"
                        + " FROM (SELECT json_serialize_sql(?) AS j)", List.of(sql),
                row -> new Parsed((Boolean) row.value(0), (String) row.value(1),
                        row.value(2) == null ? null : ((Number) row.value(2)).longValue())).get(0);
        if (parsed.error() && String.valueOf(parsed.message()).startsWith("Only SELECT")) {
            throw new InvalidArgumentException(what + " must be a single SELECT query");
        }
        InvalidArgumentException.check(!parsed.error(), "%s is not valid: %s", what, parsed.message());
        InvalidArgumentException.check(parsed.statements() == 1, "%s must be a single SELECT query, not %d statements",
                what, parsed.statements());
        return sql;
    }

    /** The engine's spelling of a type, e.g. {@code INT} is {@code INTEGER}. */
    private String requireKnownType(String type, String what) {
        String checked = DeclaredColumn.requireType(type, what);
        try {
            return database.select(what, "SELECT typeof(CAST(NULL AS " + checked + "))", List.of(),
                    row -> (String) row.value(0)).get(0);
        } catch (MeshException e) {
            throw new InvalidArgumentException(what + ": '" + type + "' is not a type DuckDB knows");
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the engine's temporary directory " + directory, e);
        }
    }
}
