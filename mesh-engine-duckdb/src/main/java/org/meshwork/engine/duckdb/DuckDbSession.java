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
import org.meshwork.api.engine.WrittenResult;
import org.meshwork.api.engine.QueryCancelledException;
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
 * The one exception are the files of Parquet and product sources without declared columns, which stay files behind a
 * view (see {@link ParquetSourceReader}): {@code allowed_paths} lists exactly those files, which the SQL can read
 * through the source's name anyway.
 *
 * <p>A run's result is streamed, not materialised: {@link #writeResult} runs the transform inside {@code COPY ... TO}.
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
    private boolean resultIsTable;
    /** Files that source views read; SQL may read them (and no other host file) after the load phase. */
    private final Set<Path> readableSourceFiles = new LinkedHashSet<>();
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
        Optional<LoadResult> view = reader instanceof ParquetSourceReader parquet
                ? parquet.view(context, readableSourceFiles) : Optional.empty();
        LoadResult result = view.isPresent() ? view.get() : SourceTyping.apply(context, reader.read(context));
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
        ResultQuery query = resultQuery(transform, watermarkAfter);
        dropResult();
        database.update("transform", "CREATE TABLE " + SqlIdentifiers.quote(RESULT_RELATION) + " AS "
                + query.select(), query.parameters().toArray());
        resultIsTable = true;
        widenToStorableTypes(new Relation(RESULT_RELATION));
        return new TransformResult(new Relation(RESULT_RELATION), database.count("transform", RESULT_RELATION));
    }

    /**
     * The transform's SELECT with its bound parameters, and the same SELECT without parameters (no watermark filter,
     * typed NULLs for the run columns), which has the same columns and types and so can define a view to describe.
     */
    private record ResultQuery(String select, List<Object> parameters, String shape) {}

    private ResultQuery resultQuery(TransformSpec transform, Optional<Object> watermarkAfter) {
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
        String shape = select;
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
            shape = "SELECT *, CAST(NULL AS VARCHAR) AS " + RUN_ID_COLUMN + ", CAST(NULL AS TIMESTAMPTZ) AS "
                    + LOADED_AT_COLUMN + " FROM (" + shape + ")";
            parameters.add(0, Instant.now().toString());
            parameters.add(0, options.runId());
        }
        return new ResultQuery(select, List.copyOf(parameters), shape);
    }

    /** {@value #RESULT_RELATION} is a table after {@link #transform}, a view after {@link #writeResult}. */
    private void dropResult() {
        database.update("transform", "DROP " + (resultIsTable ? "TABLE" : "VIEW") + " IF EXISTS "
                + SqlIdentifiers.quote(RESULT_RELATION));
        resultIsTable = false;
    }

    /**
     * Streams the transform into {@code COPY ... TO} in one statement, as a hand-written DuckDB pipeline would: the
     * result is never materialised. The contract's names and types are checked on the result's shape before anything
     * runs (a mismatch is reported with the NULL counts and unfit values of one counting pass, and nothing is written);
     * widenings to storable types and the casts of whole numbers to the contract's types are part of the streamed
     * SELECT. NOT NULL is checked on the NULL counts that {@code RETURN_STATS} reports for the files just written
     * (exact, from the writer, no second pass); should a file lack them, one count over the written files' columns
     * decides. A failed cast of a whole-number column is turned into the contract problem that names it. Any failure
     * deletes the files this call wrote. The returned relation ({@value #RESULT_RELATION}, a view) reads the written
     * files with the result's types, so quality checks and the watermark read local columnar files, not the sources.
     */
    @Override
    public WrittenResult writeResult(TransformSpec transform, Optional<Object> watermarkAfter, OutputSchema contract,
            Path tableRoot, Path directory, ParquetWriteOptions write) {
        lockDown();
        Path root = tableRoot.toAbsolutePath().normalize();
        Path target = writableDirectory(root, directory);
        ResultQuery query = resultQuery(transform, watermarkAfter);
        dropResult();
        database.update("transform", "CREATE VIEW " + SqlIdentifiers.quote(RESULT_RELATION) + " AS " + query.shape());

        // widen what a table cannot store, then cast whole numbers to the contract's type
        List<TableColumn> schema = new ArrayList<>();
        Map<String, Conform> conformed = new java.util.LinkedHashMap<>();
        List<String> projection = new ArrayList<>();
        for (TableColumn column : describe(new Relation(RESULT_RELATION))) {
            String type = STORABLE_WIDENINGS.getOrDefault(column.type(), column.type());
            Optional<ColumnSpec> expected = contract.column(column.name());
            if (expected.isPresent()) {
                String expectedType = requireKnownType(expected.get().type(), "contract column " + column.name());
                if (!expectedType.equals(type) && conformable(type, expectedType)) {
                    conformed.put(column.name(), new Conform(type, expectedType));
                    type = expectedType;
                }
            }
            String quoted = SqlIdentifiers.quote(column.name());
            projection.add(type.equals(column.type()) ? quoted : "CAST(" + quoted + " AS " + type + ") AS " + quoted);
            schema.add(new TableColumn(column.name(), type, column.nullable()));
        }
        List<String> notNull = contract.columns().stream().filter(c -> !c.nullable()).map(ColumnSpec::name)
                .filter(name -> schema.stream().anyMatch(c -> c.name().equals(name))).toList();
        List<String> problems = shapeProblems(schema, contract);
        if (!problems.isEmpty()) {
            problems.addAll(valueProblems(query, conformed, notNull));
            throw new ContractMismatchException(problems);
        }

        Set<Path> existing = regularFiles(target);
        try {
            List<DataFile> files = new ArrayList<>();
            Map<String, Long> nulls = new java.util.LinkedHashMap<>();
            boolean nullsComplete = true;
            List<Object[]> copied = database.select("write the transform result", "COPY (SELECT "
                    + String.join(", ", projection) + " FROM (" + query.select() + ")) TO "
                    + SqlIdentifiers.literal(target.toString()) + copyOptions(write, "RETURN_STATS"), query.parameters(),
                    row -> new Object[] {row.value(0), row.value(1), row.value(2), row.value(4)});
            for (Object[] file : copied) {
                Path path = Path.of(file[0].toString());
                if (!Files.isRegularFile(path)) {
                    continue;
                }
                files.add(dataFile(root, path, ((Number) file[1]).longValue()));
                Map<?, ?> statistics = file[3] instanceof Map<?, ?> map ? map : Map.of();
                for (String column : notNull) {
                    Object stats = statistics.get(SqlIdentifiers.quote(column));
                    Object count = stats instanceof Map<?, ?> columnStats ? columnStats.get("null_count") : null;
                    if (count == null) {
                        nullsComplete = false;
                    } else {
                        nulls.merge(column, Long.parseLong(count.toString()), Long::sum);
                    }
                }
            }
            files.sort(Comparator.comparing(DataFile::path));
            List<Path> paths = files.stream().map(file -> root.resolve(file.path())).toList();
            if (!nullsComplete && !paths.isEmpty()) {
                nulls = countNulls(paths, notNull);
            }
            List<String> nullProblems = new ArrayList<>();
            for (String column : notNull) {
                long count = nulls.getOrDefault(column, 0L);
                if (count > 0) {
                    nullProblems.add(nullProblem(column, count));
                }
            }
            if (!nullProblems.isEmpty()) {
                throw new ContractMismatchException(nullProblems);
            }
            database.update("read the written result", "DROP VIEW " + SqlIdentifiers.quote(RESULT_RELATION));
            if (paths.isEmpty()) {
                database.update("read the written result", "CREATE VIEW " + SqlIdentifiers.quote(RESULT_RELATION)
                        + " AS SELECT " + schema.stream().map(column -> "CAST(NULL AS " + column.type() + ") AS "
                                + SqlIdentifiers.quote(column.name())).collect(Collectors.joining(", ")) + " WHERE false");
            } else {
                createFilesView(RESULT_RELATION, paths, schema);
            }
            return new WrittenResult(new Relation(RESULT_RELATION), schema, files);
        } catch (RuntimeException e) {
            deleteNewFiles(target, existing);
            if (!conformed.isEmpty() && e instanceof MeshException && !(e instanceof QueryCancelledException)
                    && !(e instanceof ContractMismatchException)) {
                List<String> unfit = valueProblems(query, conformed, notNull);
                if (!unfit.isEmpty()) {
                    ContractMismatchException mismatch = new ContractMismatchException(unfit);
                    mismatch.addSuppressed(e);
                    throw mismatch;
                }
            }
            throw e;
        }
    }

    /** A whole-number result column cast to the contract's type. */
    private record Conform(String from, String to) {}

    private static String nullProblem(String column, long nulls) {
        return "column " + column + ": " + nulls + " NULL value" + (nulls == 1 ? "" : "s") + " in a non-nullable column";
    }

    /** Counts the NULLs of columns in written files (when their statistics do not say). */
    private Map<String, Long> countNulls(List<Path> files, List<String> columns) {
        Map<String, Long> nulls = new java.util.LinkedHashMap<>();
        if (columns.isEmpty()) {
            return nulls;
        }
        List<Long> counts = database.select("check contract", "SELECT " + columns.stream()
                .map(c -> "count(*) FILTER (WHERE " + SqlIdentifiers.quote(c) + " IS NULL)")
                .collect(Collectors.joining(", ")) + " FROM " + parquetFiles(files), List.of(),
                row -> row.values().stream().map(v -> ((Number) v).longValue()).toList()).get(0);
        for (int i = 0; i < columns.size(); i++) {
            nulls.put(columns.get(i), counts.get(i));
        }
        return nulls;
    }

    /** Names, types and extra columns of a result against the contract, one sentence per problem. */
    private List<String> shapeProblems(List<TableColumn> actual, OutputSchema contract) {
        List<String> problems = new ArrayList<>();
        if (contract.isEmpty()) {
            return problems;
        }
        String actualList = actual.stream().map(TableColumn::name).collect(Collectors.joining(", "));
        for (ColumnSpec expected : contract.columns()) {
            Optional<TableColumn> found = actual.stream().filter(c -> c.name().equals(expected.name())).findFirst();
            if (found.isEmpty()) {
                problems.add("column " + expected.name() + ": missing from the result (the result has " + actualList + ")");
                continue;
            }
            String expectedType = requireKnownType(expected.type(), "contract column " + expected.name());
            if (!expectedType.equals(found.get().type())) {
                problems.add("column " + expected.name() + ": the contract says " + expectedType + " but the result has "
                        + found.get().type() + "; cast it in the transform");
            }
        }
        for (TableColumn column : actual) {
            if (contract.column(column.name()).isEmpty()) {
                problems.add("column " + column.name() + ": in the result but not in the contract");
            }
        }
        return problems;
    }

    /**
     * One counting pass over the transform (only on a failing run): the NULLs of each non-nullable column and, for
     * each whole-number column cast to the contract's type, the values that do not fit it.
     */
    private List<String> valueProblems(ResultQuery query, Map<String, Conform> conformed, List<String> notNull) {
        List<String> measures = new ArrayList<>();
        for (Map.Entry<String, Conform> column : conformed.entrySet()) {
            String quoted = SqlIdentifiers.quote(column.getKey());
            measures.add("count(*) FILTER (WHERE " + quoted + " IS NOT NULL AND TRY_CAST(" + quoted + " AS "
                    + column.getValue().to() + ") IS NULL)");
        }
        for (String column : notNull) {
            measures.add("count(*) FILTER (WHERE " + SqlIdentifiers.quote(column) + " IS NULL)");
        }
        if (measures.isEmpty()) {
            return new ArrayList<>();
        }
        List<Long> counts = database.select("check contract", "SELECT " + String.join(", ", measures) + " FROM ("
                + query.select() + ")", query.parameters(),
                row -> row.values().stream().map(v -> ((Number) v).longValue()).toList()).get(0);
        List<String> problems = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Conform> column : conformed.entrySet()) {
            long unfit = counts.get(i++);
            if (unfit > 0) {
                problems.add("column " + column.getKey() + ": the contract says " + column.getValue().to()
                        + " but the result's " + column.getValue().from() + " values do not all fit (" + unfit + " value"
                        + (unfit == 1 ? " is" : "s are") + " out of range)");
            }
        }
        for (String column : notNull) {
            long nulls = counts.get(i++);
            if (nulls > 0) {
                problems.add(nullProblem(column, nulls));
            }
        }
        return problems;
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
        String relation = PREVIOUS_RELATION + "_" + (++tableReads);
        createFilesView(relation, files, schema);
        return new Relation(relation);
    }

    /**
     * A view over Parquet files read as {@code schema}: a column the files have is cast to the schema's type, a column
     * they lack is NULL. The rows stream from the files into whatever reads the view; they are not held in memory.
     */
    private void createFilesView(String relation, List<Path> files, List<TableColumn> schema) {
        String source = parquetFiles(files);
        Set<String> present = new HashSet<>(database.select("describe table files", "SELECT column_name FROM"
                + " (DESCRIBE SELECT * FROM " + source + ")", List.of(), row -> (String) row.value(0)));
        String columns = schema.stream().map(column -> {
            String type = requireKnownType(column.type(), "column " + column.name());
            String name = SqlIdentifiers.quote(column.name());
            return (present.contains(column.name()) ? "CAST(" + name + " AS " + type + ")" : "CAST(NULL AS " + type + ")")
                    + " AS " + name;
        }).collect(Collectors.joining(", "));
        database.update("read table files", "CREATE VIEW " + SqlIdentifiers.quote(relation) + " AS SELECT " + columns
                + " FROM " + source);
    }

    /** {@code read_parquet} takes no bound list parameter, so the platform's file list becomes quoted literals. */
    private static String parquetFiles(List<Path> files) {
        return "read_parquet([" + files.stream()
                .map(file -> SqlIdentifiers.literal(file.toAbsolutePath().normalize().toString()))
                .collect(Collectors.joining(", ")) + "], union_by_name=true)";
    }

    @Override
    public List<DataFile> writeParquet(Relation relation, Path tableRoot, Path directory, ParquetWriteOptions write) {
        lockDown();
        Path root = tableRoot.toAbsolutePath().normalize();
        Path target = writableDirectory(root, directory);
        List<Object[]> copied = database.select("write " + relation, "COPY (SELECT * FROM "
                + SqlIdentifiers.quote(relation.name()) + ") TO " + SqlIdentifiers.literal(target.toString())
                + copyOptions(write, "RETURN_STATS"), List.of(), row -> new Object[] {row.value(0), row.value(1)});
        List<DataFile> written = new ArrayList<>();
        for (Object[] file : copied) {
            Path path = Path.of(file[0].toString());
            if (Files.isRegularFile(path)) {
                written.add(dataFile(root, path, ((Number) file[1]).longValue()));
            }
        }
        written.sort(Comparator.comparing(DataFile::path));
        return written;
    }

    /** Checks that a COPY target lies inside the table root and an output root, and creates it. */
    private Path writableDirectory(Path root, Path directory) {
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
        return target;
    }

    /**
     * The options of a Parquet {@code COPY ... TO} a directory. COPY takes no parameters: the numbers and codec come
     * from typed options. {@code RETURN_STATS} reports each file with its row count and column statistics.
     */
    private static String copyOptions(ParquetWriteOptions write, String returning) {
        return " (FORMAT parquet, FILE_SIZE_BYTES " + write.targetFileSizeBytes() + ", ROW_GROUP_SIZE "
                + write.rowGroupSize() + ", COMPRESSION " + write.compression().name().toLowerCase(Locale.ROOT)
                + ", FILENAME_PATTERN 'part-{uuid}', APPEND true, " + returning + " true)";
    }

    private static DataFile dataFile(Path root, Path path, long rows) {
        try {
            return new DataFile(root.relativize(path).toString().replace('\\', '/'), Files.size(path), rows,
                    Files.getLastModifiedTime(path).toMillis());
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, "cannot read the written file " + path + ": " + e, e);
        }
    }

    private static Set<Path> regularFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, "cannot list " + directory + ": " + e, e);
        }
    }

    /** Deletes the files a failed write left in {@code directory}, leaving those that were there before it. */
    private static void deleteNewFiles(Path directory, Set<Path> existing) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !existing.contains(f)).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the files of a failed write in {}: {} (vacuum removes them later)", directory,
                    e.toString());
        }
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
        if (!readableSourceFiles.isEmpty()) {
            database.update("restrict file access", "SET allowed_paths = [" + readableSourceFiles.stream()
                    .map(file -> SqlIdentifiers.literal(file.toString())).collect(Collectors.joining(", ")) + "]");
        }
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
