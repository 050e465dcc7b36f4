package org.meshwork.api.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.TableColumn;

/**
 * One run's view of an engine: a private database holding the run's sources, its quarantine and its result.
 *
 * <p>A session has two phases. In the <em>load phase</em> {@link #load} may read files, databases and HTTP APIs. The
 * first call of {@link #transform} or {@link #query} ends it: from then on no SQL in the session can read or write
 * files outside {@link SessionOptions#outputRoots()}, and {@link #load} throws. Transform SQL and check SQL therefore
 * cannot reach the host's files.
 *
 * <p>A session is used by one thread at a time; only {@link #cancel()} may be called from another thread. Failures are
 * {@link org.meshwork.api.MeshException}s: {@code INVALID_ARGUMENT} for a source or option the engine cannot use,
 * {@code RUN_FAILED} for everything that goes wrong while running ({@link QueryCancelledException} after
 * {@link #cancel()}, {@link ContractMismatchException} from {@link #checkContract}).
 */
public interface EngineSession extends AutoCloseable {

    /** The relation every load adds rejected rows to; see {@link #quarantine()}. */
    String QUARANTINE_RELATION = "_quarantine";

    /** Column added by {@link TransformSpec#addRunColumns()}: the run id. */
    String RUN_ID_COLUMN = "_run_id";

    /** Column added by {@link TransformSpec#addRunColumns()}: when the transform ran, as a timestamp with time zone. */
    String LOADED_AT_COLUMN = "_loaded_at";

    /**
     * Loads one source into a relation named after {@link SourceSpec#name()}, typed as its {@code columns} declare.
     * Rows that cannot be read or break a declared type or {@code NOT NULL} go to {@link #quarantine()} with a
     * reason; nothing is silently dropped, so {@code rowsRead == rowsLoaded + rowsQuarantined}. Undeclared columns keep
     * the type the engine infers.
     *
     * @throws org.meshwork.api.InvalidArgumentException for an unusable source (bad name, unknown option, bad type)
     * @throws org.meshwork.api.MeshException with {@code RUN_FAILED} when the source cannot be read at all
     * @throws IllegalStateException after the load phase has ended
     */
    LoadResult load(SourceSpec source, SourceInput input);

    /**
     * The rows rejected so far, with the columns {@code source VARCHAR, reason VARCHAR, run_id VARCHAR,
     * record VARCHAR} (the raw line or the record as JSON) and {@code line BIGINT} (1-based line in the source file
     * where known, else NULL).
     */
    Relation quarantine();

    /**
     * Materialises the transform result. With {@link TransformSpec#sql()} the SQL runs over the loaded sources, each
     * visible as a table named after its source; without it exactly one source must have been loaded and passes
     * through. When {@code watermarkAfter} is present (an {@code append} run), only result rows whose
     * {@link TransformSpec#watermark()} column is greater than it are kept: the filter applies to the transform
     * result, not to the sources. With {@link TransformSpec#addRunColumns()}, {@value #RUN_ID_COLUMN} and
     * {@value #LOADED_AT_COLUMN} are appended. Result columns of types a table cannot store are widened without loss
     * (e.g. DuckDB's {@code HUGEINT}, the type of {@code sum} over {@code BIGINT}, becomes {@code DECIMAL(38,0)}).
     *
     * @throws org.meshwork.api.InvalidArgumentException when there is no SQL and not exactly one source, or a
     *     watermark bound is given without a watermark column
     */
    TransformResult transform(TransformSpec transform, Optional<Object> watermarkAfter);

    /** The columns of a relation, in order, with the engine's type names and nullability. */
    List<TableColumn> describe(Relation relation);

    /**
     * Checks that a relation matches the output contract: every contract column exists with the same type, no other
     * column exists, and non-nullable columns hold no NULLs. A whole-number column whose type differs from the contract's
     * whole-number or decimal type is cast to it when every value fits (so {@code sum(x)} or {@code count(*)} satisfies
     * a {@code BIGINT} or {@code INTEGER} contract); a value that does not fit is a mismatch. Fractional values are never
     * cast implicitly.
     *
     * @throws ContractMismatchException naming every mismatching column (and the number of NULLs found)
     */
    void checkContract(Relation relation, OutputSchema contract);

    /**
     * Evaluates a product's quality checks over a relation (normally the transform result) and reports one
     * {@link CheckResult} per check, in the order given. Column-level checks are compiled into as few scans as possible
     * (the DuckDB engine: one aggregate query); {@code referential_integrity} and {@code custom_sql} add one query
     * each, and each failed check one small query for its failing sample. Semantics of every kind, including empty
     * tables, NULL and NaN, are in {@code docs/quality.md}.
     *
     * <p>A check that does not pass is a result with {@link CheckResult#passed()} false, never an exception; whether
     * it blocks publication is {@link CheckResult#blocksPublication()}. Every check is validated before anything runs.
     *
     * @throws org.meshwork.api.InvalidArgumentException naming the check when it cannot be evaluated: an unknown kind,
     *     a column the relation does not have, a missing or unsuitable threshold, a pattern that does not compile, a
     *     {@code custom_sql} query that is not a single SELECT returning one value, a reference product missing from
     *     {@link QualityContext#references()}
     * @throws QueryCancelledException after {@link #cancel()}
     */
    List<CheckResult> evaluate(Relation relation, List<CheckSpec> checks, QualityContext context);

    /**
     * A relation over Parquet files of the product's own table, read as {@code schema}: a column the files have is cast
     * to the schema's type, a column they lack is NULL, a column the schema lacks is left out. This is how an appended
     * table's rows are carried into a new contract.
     *
     * @param files absolute paths inside one of {@link SessionOptions#outputRoots()}
     * @throws org.meshwork.api.MeshException with {@link org.meshwork.api.ErrorCode#RUN_FAILED} when a value does not
     *     cast to its new type
     */
    Relation readTable(List<Path> files, List<TableColumn> schema);

    /**
     * Writes a relation as Parquet files into {@code directory}, which must lie inside {@code tableRoot} and inside
     * one of {@link SessionOptions#outputRoots()}; files are split at about
     * {@link ParquetWriteOptions#targetFileSizeBytes()}. Existing files in the directory are left alone.
     *
     * @return the new files, with paths relative to {@code tableRoot} (forward slashes), sizes and row counts
     */
    List<DataFile> writeParquet(Relation relation, Path tableRoot, Path directory, ParquetWriteOptions options);

    /**
     * A run's transform, contract check and Parquet write in one: the transform's rows are written into
     * {@code directory} (same rules as {@link #writeParquet}) and checked against {@code contract} with the semantics
     * of {@link #transform} and {@link #checkContract}. An engine may stream the rows straight into the files instead
     * of materialising the result first (the DuckDB engine does: the result is computed once and never held), so the
     * checks that need the values (NOT NULL, whole numbers that must fit the contract's type) may run while or after
     * the files are written. Either way nothing is left behind on failure: when this throws, every file it wrote in
     * {@code directory} has been deleted. The files belong to no table until the caller commits them.
     *
     * <p>The default implementation materialises the result with {@link #transform}, checks it and writes it.
     *
     * @param contract the output contract; empty for none
     * @throws ContractMismatchException naming every mismatching column; nothing is written
     * @throws QueryCancelledException after {@link #cancel()}; nothing is written
     */
    default WrittenResult writeResult(TransformSpec transform, Optional<Object> watermarkAfter, OutputSchema contract,
            Path tableRoot, Path directory, ParquetWriteOptions options) {
        TransformResult result = transform(transform, watermarkAfter);
        if (!contract.isEmpty()) {
            checkContract(result.relation(), contract);
        }
        List<DataFile> files = writeParquet(result.relation(), tableRoot, directory, options);
        return new WrittenResult(result.relation(), describe(result.relation()), files);
    }

    /**
     * Runs a read-only query with bound parameters ({@code ?} placeholders; values are never spliced into the SQL).
     * Parameters may be {@code String}, {@code Long}, {@code Integer}, {@code Double}, {@code Boolean},
     * {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime}, {@code Instant} or {@code OffsetDateTime}.
     * Values in rows use the same Java types.
     */
    <T> List<T> query(String sql, List<Object> parameters, RowMapper<T> mapper);

    /** The largest non-null value of a column, e.g. the new watermark after an append. */
    Optional<Object> max(Relation relation, String column);

    /**
     * Interrupts whatever the session is running and makes every later operation fail with
     * {@link QueryCancelledException}. Safe to call from any thread, and more than once.
     */
    void cancel();

    /** Releases the session's database and deletes its temporary files. */
    @Override
    void close();
}
