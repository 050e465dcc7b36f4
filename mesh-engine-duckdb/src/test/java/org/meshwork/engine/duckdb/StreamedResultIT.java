package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.engine.ContractMismatchException;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.WrittenResult;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.TableColumn;
import org.meshwork.testing.engine.TestSources;

/**
 * {@link EngineSession#writeResult}: the transform streams into Parquet files, and every contract guarantee of the
 * materialising path still holds — a violation found while or after the files are written throws and leaves no file.
 */
class StreamedResultIT {

    @TempDir
    Path directory;

    private Path tableRoot;
    private Path target;
    private EngineSession session;

    @BeforeEach
    void open() throws IOException {
        Files.writeString(directory.resolve("orders.csv"),
                "order_id,customer,amount\n1,alice,10.50\n2,,1.00\n3,bob,2.25\n4,carol,\n");
        tableRoot = directory.resolve("lake/sales/orders");
        target = tableRoot.resolve("data/run-1");
        session = new DuckDbEngine().openSession(SessionOptions.of("run-1", List.of(directory.resolve("lake"))));
        session.load(TestSources.csv("orders", "orders.csv",
                Map.of("order_id", "BIGINT NOT NULL", "amount", "DECIMAL(12,2)")), SourceInput.of(directory));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void streamsTheResultIntoFilesAndReadsTheWrittenRowsBack() {
        OutputSchema contract = new OutputSchema(List.of(column("order_id", "BIGINT", false),
                column("amount", "DECIMAL(12,2)", true), column("n", "INTEGER", false)));

        WrittenResult written = session.writeResult(sql("SELECT order_id, amount, 1 AS n FROM orders"),
                Optional.empty(), contract, tableRoot, target, ParquetWriteOptions.defaults());

        assertThat(written.rowCount()).isEqualTo(4);
        assertThat(written.files()).isNotEmpty().allSatisfy(file -> {
            assertThat(file.path()).startsWith("data/run-1/").endsWith(".parquet");
            assertThat(file.sizeBytes()).isEqualTo(size(tableRoot.resolve(file.path())));
        });
        assertThat(written.sizeBytes()).isEqualTo(written.files().stream().mapToLong(DataFile::sizeBytes).sum());
        // 1 is an INTEGER literal: whole numbers are conformed to the contract's type
        assertThat(written.schema()).extracting(TableColumn::name, TableColumn::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order_id", "BIGINT"),
                org.assertj.core.groups.Tuple.tuple("amount", "DECIMAL(12,2)"),
                org.assertj.core.groups.Tuple.tuple("n", "INTEGER"));
        assertThat(session.query("SELECT sum(amount), count(*) FROM " + written.relation().name(), List.of(),
                row -> row.value(0) + "/" + row.value(1))).containsExactly(new BigDecimal("13.75") + "/4");
        assertThat(session.max(written.relation(), "order_id")).contains(4L);
    }

    @Test
    void widensStorableTypesAndAddsRunColumnsAboveTheWatermark() {
        TransformSpec append = new TransformSpec(Optional.of("SELECT order_id, order_id::HUGEINT AS big FROM orders"),
                Optional.empty(), WriteMode.APPEND, Optional.of("order_id"), true);

        WrittenResult written = session.writeResult(append, Optional.of(2L), OutputSchema.empty(), tableRoot, target,
                ParquetWriteOptions.defaults());

        assertThat(written.rowCount()).isEqualTo(2);
        assertThat(written.schema()).extracting(TableColumn::type)
                .containsExactly("BIGINT", "DECIMAL(38,0)", "VARCHAR", "TIMESTAMP WITH TIME ZONE");
        assertThat(session.query("SELECT DISTINCT " + EngineSession.RUN_ID_COLUMN + " FROM "
                + written.relation().name(), List.of(), row -> row.value(0))).containsExactly("run-1");
    }

    @Test
    void aNullInANonNullableColumnFoundAfterStreamingLeavesNoFile() throws IOException {
        Path earlier = Files.createDirectories(target).resolve("keep.txt");
        Files.writeString(earlier, "not the run's");
        OutputSchema contract = new OutputSchema(List.of(column("order_id", "BIGINT", false),
                column("customer", "VARCHAR", false), column("amount", "DECIMAL(12,2)", false)));

        assertThatThrownBy(() -> session.writeResult(sql("SELECT order_id, customer, amount FROM orders"),
                Optional.empty(), contract, tableRoot, target, ParquetWriteOptions.defaults()))
                .isInstanceOf(ContractMismatchException.class)
                .satisfies(e -> assertThat(((ContractMismatchException) e).problems()).containsExactly(
                        "column customer: 1 NULL value in a non-nullable column",
                        "column amount: 1 NULL value in a non-nullable column"));
        assertThat(files(target)).containsExactly(earlier);
    }

    @Test
    void aShapeMismatchWritesNothingAndStillCountsTheNulls() {
        OutputSchema contract = new OutputSchema(List.of(column("order_id", "BIGINT", false),
                column("amount", "DOUBLE", true), column("customer", "VARCHAR", false),
                column("country", "VARCHAR", true)));

        assertThatThrownBy(() -> session.writeResult(sql("SELECT order_id, customer, amount, 1 AS extra FROM orders"),
                Optional.empty(), contract, tableRoot, target, ParquetWriteOptions.defaults()))
                .isInstanceOf(ContractMismatchException.class)
                .satisfies(e -> assertThat(((ContractMismatchException) e).problems()).containsExactlyInAnyOrder(
                        "column amount: the contract says DOUBLE but the result has DECIMAL(12,2); cast it in the transform",
                        "column country: missing from the result (the result has order_id, customer, amount, extra)",
                        "column extra: in the result but not in the contract",
                        "column customer: 1 NULL value in a non-nullable column"));
        assertThat(files(target)).isEmpty();
    }

    @Test
    void aWholeNumberThatDoesNotFitTheContractFailsTheWriteAndLeavesNoFile() {
        OutputSchema contract = new OutputSchema(List.of(column("order_id", "BIGINT", false),
                column("big", "INTEGER", true)));

        assertThatThrownBy(() -> session.writeResult(
                sql("SELECT order_id, CASE WHEN order_id = 3 THEN 3000000000 ELSE order_id END AS big FROM orders"),
                Optional.empty(), contract, tableRoot, target, ParquetWriteOptions.defaults()))
                .isInstanceOf(ContractMismatchException.class)
                .satisfies(e -> assertThat(((ContractMismatchException) e).problems()).containsExactly(
                        "column big: the contract says INTEGER but the result's BIGINT values do not all fit"
                                + " (1 value is out of range)"));
        assertThat(files(target)).isEmpty();
    }

    @Test
    void notNullIsCheckedFromTheWritersStatisticsWithoutAnotherPass() {
        DuckDbSession duckdb = (DuckDbSession) session;
        TransformSpec transform = sql("SELECT order_id, amount FROM orders");
        session.query("SELECT 1", List.of(), row -> row.value(0)); // ends the load phase, which takes statements
        long before = duckdb.statementsRun();
        session.writeResult(transform, Optional.empty(), new OutputSchema(List.of(column("order_id", "BIGINT", true),
                column("amount", "DECIMAL(12,2)", true))), tableRoot, target, ParquetWriteOptions.defaults());
        long nullable = duckdb.statementsRun() - before;

        before = duckdb.statementsRun();
        session.writeResult(transform, Optional.empty(), new OutputSchema(List.of(column("order_id", "BIGINT", false),
                column("amount", "DECIMAL(12,2)", true))), tableRoot, tableRoot.resolve("data/run-1b"),
                ParquetWriteOptions.defaults());

        assertThat(duckdb.statementsRun() - before).isEqualTo(nullable);
    }

    @Test
    void anEmptyResultIsOneEmptyFile() {
        WrittenResult written = session.writeResult(sql("SELECT * FROM orders WHERE false"), Optional.empty(),
                OutputSchema.empty(), tableRoot, target, ParquetWriteOptions.defaults());

        assertThat(written.rowCount()).isZero();
        assertThat(session.query("SELECT count(*) FROM " + written.relation().name(), List.of(), row -> row.value(0)))
                .containsExactly(0L);
    }

    @Test
    void aCancelledWriteLeavesNoFile() {
        session.cancel();

        assertThatThrownBy(() -> session.writeResult(sql("SELECT * FROM orders"), Optional.empty(),
                OutputSchema.empty(), tableRoot, target, ParquetWriteOptions.defaults()))
                .isInstanceOf(QueryCancelledException.class);
        assertThat(Files.exists(target) ? files(target) : List.<Path>of()).isEmpty();
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ColumnSpec column(String name, String type, boolean nullable) {
        return new ColumnSpec(name, type, Optional.empty(), nullable, false, false, Optional.empty(), false,
                Optional.empty(), List.of(), List.of());
    }

    private static TransformSpec sql(String sql) {
        return new TransformSpec(Optional.of(sql), Optional.empty(), WriteMode.OVERWRITE, Optional.empty(), false);
    }
}
