package org.meshwork.testing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.engine.Relation;
import java.time.Instant;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.engine.ContractMismatchException;
import org.meshwork.api.engine.Engine;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.ParquetWriteOptions;
import org.meshwork.api.engine.QueryCancelledException;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.engine.TransformResult;
import org.meshwork.api.engine.WrittenResult;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.TableColumn;
import static org.meshwork.testing.quality.CheckSpecBuilder.check;

/**
 * What every {@link Engine} must do, whatever runs underneath. Subclass it in the engine's module and return the
 * engine from {@link #engine()}. SQL in these tests sticks to what every engine understands.
 */
public abstract class EngineContractTest {

    protected static final String RUN_ID = "run-0001";

    @TempDir
    protected Path directory;

    protected EngineSession session;

    protected abstract Engine engine();

    @BeforeEach
    void openSession() {
        session = engine().openSession(SessionOptions.of(RUN_ID, List.of(directory.resolve("lake")))
                .withTempDirectory(directory.resolve("tmp")));
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void csvRowsThatBreakDeclaredColumnsGoToQuarantineWithReasons() throws IOException {
        LoadResult result = loadOrders();

        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsQuarantined()).isEqualTo(3);
        assertThat(session.query("SELECT order_id FROM orders ORDER BY order_id", List.of(), row -> row.value(0)))
                .containsExactly(1L, 5L);
        List<String> reasons = session.query("SELECT source, run_id, reason FROM " + EngineSession.QUARANTINE_RELATION
                + " ORDER BY reason", List.of(), row -> row.value(0) + "|" + row.value(1) + "|" + row.value(2));
        assertThat(reasons).hasSize(3).allMatch(reason -> reason.startsWith("orders|" + RUN_ID + "|"));
        assertThat(String.join("\n", reasons))
                .contains("column amount: 'abc' is not a valid DECIMAL(12,2)")
                .contains("column order_id: NULL in a NOT NULL column");
        assertThat(session.query("SELECT count(*) FROM " + EngineSession.QUARANTINE_RELATION
                + " WHERE record IS NULL OR reason = ''", List.of(), row -> row.value(0))).containsExactly(0L);
    }

    @Test
    void declaredColumnsGiveTypesAndNullability() throws IOException {
        LoadResult result = loadOrders();

        assertThat(session.describe(result.relation())).containsExactly(
                new TableColumn("order_id", "BIGINT", false),
                new TableColumn("amount", "DECIMAL(12,2)", true),
                new TableColumn("customer", "VARCHAR", true));
    }

    @Test
    void transformSqlSeesSourcesByName() throws IOException {
        loadOrders();
        write("customers.csv", "customer,country\nalice,NL\ndave,DE\n");
        session.load(TestSources.csv("customers", "customers.csv", Map.of()), input());

        TransformResult result = session.transform(sql("SELECT o.order_id, c.country FROM orders o "
                + "JOIN customers c ON o.customer = c.customer ORDER BY o.order_id"), Optional.empty());

        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(session.query("SELECT country FROM " + result.relation().name() + " ORDER BY order_id", List.of(),
                row -> row.value(0))).containsExactly("NL", "DE");
    }

    @Test
    void withoutSqlTheOnlySourcePassesThroughWithRunColumns() throws IOException {
        loadOrders();

        TransformResult result = session.transform(
                new TransformSpec(Optional.empty(), Optional.empty(), WriteMode.OVERWRITE, Optional.empty(), true),
                Optional.empty());

        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(session.describe(result.relation())).extracting(TableColumn::name)
                .containsExactly("order_id", "amount", "customer", EngineSession.RUN_ID_COLUMN,
                        EngineSession.LOADED_AT_COLUMN);
        assertThat(session.query("SELECT DISTINCT " + EngineSession.RUN_ID_COLUMN + " FROM "
                + result.relation().name(), List.of(), row -> row.value(0))).containsExactly(RUN_ID);
    }

    @Test
    void passThroughNeedsExactlyOneSource() throws IOException {
        loadOrders();
        write("more.csv", "x\n1\n");
        session.load(TestSources.csv("more", "more.csv", Map.of()), input());

        assertThatThrownBy(() -> session.transform(TransformSpec.passThrough(), Optional.empty()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("2 sources");
    }

    @Test
    void appendKeepsOnlyResultRowsAboveTheWatermark() throws IOException {
        loadOrders();
        TransformSpec append = new TransformSpec(Optional.of("SELECT * FROM orders"), Optional.empty(),
                WriteMode.APPEND, Optional.of("order_id"), false);

        TransformResult result = session.transform(append, Optional.of(2L));

        assertThat(result.rowCount()).isEqualTo(1);
        assertThat(session.max(result.relation(), "order_id")).contains(5L);
    }

    @Test
    void aMatchingContractPasses() throws IOException {
        loadOrders();
        TransformResult result = session.transform(sql("SELECT order_id, amount FROM orders"), Optional.empty());

        session.checkContract(result.relation(), new OutputSchema(List.of(
                column("order_id", "BIGINT", false), column("amount", "DECIMAL(12,2)", true))));
    }

    @Test
    void contractMismatchNamesEveryColumnAtFault() throws IOException {
        loadOrders();
        TransformResult result = session.transform(
                sql("SELECT order_id, CAST(NULL AS VARCHAR) AS customer, amount, 1 AS extra FROM orders"),
                Optional.empty());
        OutputSchema contract = new OutputSchema(List.of(
                column("order_id", "BIGINT", false),
                column("amount", "DOUBLE", true),
                column("customer", "VARCHAR", false),
                column("country", "VARCHAR", true)));

        assertThatThrownBy(() -> session.checkContract(result.relation(), contract))
                .isInstanceOf(ContractMismatchException.class)
                .satisfies(e -> assertThat(((ContractMismatchException) e).problems()).containsExactlyInAnyOrder(
                        "column amount: the contract says DOUBLE but the result has DECIMAL(12,2); cast it in the transform",
                        "column country: missing from the result (the result has order_id, customer, amount, extra)",
                        "column extra: in the result but not in the contract",
                        "column customer: 2 NULL values in a non-nullable column"));
    }

    @Test
    void writesParquetFilesRelativeToTheTableRootThatReadBackAsAProduct() throws IOException {
        loadOrders();
        TransformResult result = session.transform(sql("SELECT * FROM orders"), Optional.empty());
        Path tableRoot = directory.resolve("lake/sales/orders");

        List<DataFile> files = session.writeParquet(result.relation(), tableRoot, tableRoot.resolve("data"),
                ParquetWriteOptions.defaults());

        assertThat(files).isNotEmpty().allSatisfy(file -> {
            assertThat(file.path()).startsWith("data/").endsWith(".parquet");
            assertThat(file.sizeBytes()).isEqualTo(Files.size(tableRoot.resolve(file.path())));
        });
        assertThat(files.stream().mapToLong(DataFile::rowCount).sum()).isEqualTo(2);

        try (EngineSession reader = engine().openSession(SessionOptions.of("run-0002", List.of()))) {
            LoadResult loaded = reader.load(TestSources.product("upstream", "dp.sales.orders"), SourceInput.ofProduct(
                    files.stream().map(file -> tableRoot.resolve(file.path())).toList(), List.of()));
            assertThat(loaded.rowsLoaded()).isEqualTo(2);
            assertThat(reader.query("SELECT sum(amount) FROM upstream", List.of(), row -> row.value(0)))
                    .containsExactly(new BigDecimal("11.50"));
        }
    }

    @Test
    void aResultIsWrittenWithItsContractCheckedAndReadsBackFromTheFiles() throws IOException {
        loadOrders();
        Path tableRoot = directory.resolve("lake/sales/orders");

        WrittenResult written = session.writeResult(sql("SELECT order_id, amount FROM orders"), Optional.empty(),
                new OutputSchema(List.of(column("order_id", "BIGINT", false), column("amount", "DECIMAL(12,2)", true))),
                tableRoot, tableRoot.resolve("data/run-0001"), ParquetWriteOptions.defaults());

        assertThat(written.rowCount()).isEqualTo(2);
        assertThat(written.files()).isNotEmpty().allSatisfy(file -> assertThat(file.path()).startsWith("data/run-0001/"));
        assertThat(written.schema()).extracting(TableColumn::name).containsExactly("order_id", "amount");
        assertThat(session.query("SELECT sum(amount) FROM " + written.relation().name(), List.of(), row -> row.value(0)))
                .containsExactly(new BigDecimal("11.50"));
    }

    @Test
    void aResultThatBreaksTheContractLeavesNoFileBehind() throws IOException {
        loadOrders();
        Path tableRoot = directory.resolve("lake/sales/orders");
        Path target = tableRoot.resolve("data/run-0001");

        assertThatThrownBy(() -> session.writeResult(
                sql("SELECT order_id, CAST(NULL AS VARCHAR) AS customer FROM orders"), Optional.empty(),
                new OutputSchema(List.of(column("order_id", "BIGINT", false), column("customer", "VARCHAR", false))),
                tableRoot, target, ParquetWriteOptions.defaults()))
                .isInstanceOf(ContractMismatchException.class)
                .hasMessageContaining("column customer: 2 NULL values in a non-nullable column");
        if (Files.exists(target)) {
            try (var files = Files.list(target)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void writingOutsideTheTableRootIsRefused() throws IOException {
        loadOrders();
        TransformResult result = session.transform(sql("SELECT * FROM orders"), Optional.empty());
        Path tableRoot = directory.resolve("lake/sales/orders");

        assertThatThrownBy(() -> session.writeParquet(result.relation(), tableRoot, directory.resolve("lake/other"),
                ParquetWriteOptions.defaults())).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not inside the table root");
    }

    @Test
    void queryParametersAreBoundNotSpliced() throws IOException {
        loadOrders();
        String hostile = "alice' OR '1'='1";

        assertThat(session.query("SELECT count(*) FROM orders WHERE customer = ?", List.of(hostile),
                row -> row.value(0))).containsExactly(0L);
        assertThat(session.query("SELECT ? AS text, order_id FROM orders WHERE order_id = ?", List.of(hostile, 5L),
                row -> row.value("text") + "/" + row.value("order_id"))).containsExactly(hostile + "/5");
    }

    @Test
    void theQuarantineIsARelationWithItsDocumentedColumns() throws IOException {
        loadOrders();

        assertThat(session.describe(session.quarantine())).extracting(TableColumn::name)
                .containsExactly("source", "reason", "run_id", "record", "line");
    }

    @Test
    void sourcesLoadOnlyBeforeTheFirstTransform() throws IOException {
        loadOrders();
        session.transform(sql("SELECT * FROM orders"), Optional.empty());
        write("late.csv", "x\n1\n");

        assertThatThrownBy(() -> session.load(TestSources.csv("late", "late.csv", Map.of()), input()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCancelledSessionRefusesFurtherWork() throws IOException {
        loadOrders();

        session.cancel();

        assertThatThrownBy(() -> session.transform(sql("SELECT * FROM orders"), Optional.empty()))
                .isInstanceOf(QueryCancelledException.class);
        assertThatThrownBy(() -> session.query("SELECT 1", List.of(), row -> row.value(0)))
                .isInstanceOf(QueryCancelledException.class);
    }

    @Test
    void checksReportMeasuredValuesSeverityAndPlainMessages() throws IOException {
        Relation customers = loadCustomers();

        List<CheckResult> results = session.evaluate(customers, List.of(
                check("row_count", "row_count").threshold("> 1").build(),
                check("email_complete", "null_percentage").column("email").threshold("< 10%").warn().build(),
                check("id_present", "not_null").column("customer_id").build()), context());

        assertThat(results).extracting(CheckResult::name).containsExactly("row_count", "email_complete", "id_present");
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(0).measured()).contains(4.0);
        CheckResult email = results.get(1);
        assertThat(email.passed()).isFalse();
        assertThat(email.severity()).isEqualTo(CheckSeverity.WARN);
        assertThat(email.blocksPublication()).isFalse();
        assertThat(email.measured()).contains(25.0);
        assertThat(email.failingRows()).hasValue(1);
        assertThat(email.message()).contains("25% of email is NULL").contains("expected < 10%");
        assertThat(results.get(2).passed()).isTrue();
        assertThat(results.get(2).failingSample()).isEmpty();
    }

    @Test
    void acceptedValuesAreBoundAsValuesNeverAsSql() throws IOException {
        Relation customers = loadCustomers();

        CheckResult result = session.evaluate(customers, List.of(check("country_known", "accepted_values")
                .column("country").values("NL", "x' OR 1=1 --").build()), context()).get(0);

        // the injection text matches the one row that holds it literally and nothing else: only DE fails
        assertThat(result.passed()).isFalse();
        assertThat(result.failingRows()).hasValue(1);
        assertThat(result.failingSample()).singleElement().satisfies(row -> assertThat(row.get("country")).isEqualTo("DE"));
        assertThat(result.blocksPublication()).isTrue();
    }

    @Test
    void failingSamplesMaskPiiColumns() throws IOException {
        Relation customers = loadCustomers();

        CheckResult result = session.evaluate(customers, List.of(check("country_known", "accepted_values")
                .column("country").values("NL").build()), context()).get(0);

        assertThat(result.failingSample()).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("email")).isIn(CheckResult.MASK, null);
            assertThat(row.get("country")).isIn("DE", "x' OR 1=1 --");
        });
        assertThat(result.failingSample()).anySatisfy(row -> assertThat(row.get("email")).isEqualTo(CheckResult.MASK));
    }

    @Test
    void aCheckThatCannotRunIsRejectedNamingTheCheck() throws IOException {
        Relation customers = loadCustomers();

        assertThatThrownBy(() -> session.evaluate(customers, List.of(check("ghost_complete", "null_percentage")
                .column("ghost").threshold("< 1%").build()), context()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ghost_complete").hasMessageContaining("ghost");
    }

    @Test
    void rowCountChangeComparesWithThePreviousSnapshot() throws IOException {
        Relation customers = loadCustomers();
        List<CheckSpec> checks = List.of(
                check("volume", "row_count_change").threshold("< 20%").build());

        CheckResult first = session.evaluate(customers, checks, context()).get(0);
        CheckResult stable = session.evaluate(customers, checks, context().withPreviousRowCount(4)).get(0);
        CheckResult doubled = session.evaluate(customers, checks, context().withPreviousRowCount(2)).get(0);

        assertThat(first.passed()).isTrue();
        assertThat(first.message()).contains("no previous snapshot");
        assertThat(stable.passed()).isTrue();
        assertThat(doubled.passed()).isFalse();
        assertThat(doubled.measured()).contains(100.0);
    }

    /** Loads {@code customers.csv} (4 rows, one NULL email, countries NL, NL, DE and an injection attempt). */
    protected Relation loadCustomers() throws IOException {
        write("customers.csv", """
                customer_id,email,country
                1,a@example.com,NL
                2,,NL
                3,c@example.com,DE
                4,d@example.com,x' OR 1=1 --
                """);
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("customer_id", "BIGINT");
        columns.put("email", "VARCHAR");
        columns.put("country", "VARCHAR");
        session.load(TestSources.csv("customers", "customers.csv", columns), input());
        return session.transform(sql("SELECT customer_id, email, country FROM customers"), Optional.empty()).relation();
    }

    /** The customers' contract: email is PII. */
    protected QualityContext context() {
        ColumnSpec email = new ColumnSpec("email", "VARCHAR", Optional.empty(), true, false, false,
                Optional.of("pii"), false, Optional.empty(), List.of(), List.of());
        return QualityContext.of(Instant.parse("2026-01-01T00:00:00Z"), new OutputSchema(List.of(
                column("customer_id", "BIGINT", true), email, column("country", "VARCHAR", true))));
    }

    /** Loads {@code orders.csv}: 5 rows, of which 3 break the declared columns or the CSV's shape. */
    protected LoadResult loadOrders() throws IOException {
        write("orders.csv", """
                order_id,amount,customer
                1,10.50,alice
                2,abc,bob
                ,3.00,carol
                4,7.25
                5,1.00,dave
                """);
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("order_id", "BIGINT NOT NULL");
        columns.put("amount", "DECIMAL(12,2)");
        return session.load(TestSources.csv("orders", "orders.csv", columns), input());
    }

    protected SourceInput input() {
        return SourceInput.of(directory).withEnvironment(Map.of());
    }

    protected Path write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    protected static TransformSpec sql(String sql) {
        return new TransformSpec(Optional.of(sql), Optional.empty(), WriteMode.OVERWRITE, Optional.empty(), false);
    }

    protected static ColumnSpec column(String name, String type, boolean nullable) {
        return new ColumnSpec(name, type, Optional.empty(), nullable, false, false, Optional.empty(), false,
                Optional.empty(), List.of(), List.of());
    }
}
