package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.testing.quality.CheckSpecBuilder.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.OutputSchema;
import org.meshwork.api.descriptor.TransformSpec;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.engine.Relation;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.quality.QualityContext;
import org.meshwork.api.quality.ReferenceData;
import org.meshwork.api.table.TableColumn;

/** Every check kind against a real DuckDB session: pass, fail and the edge cases docs/quality.md promises. */
class CheckEvaluationIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ProductId CATALOG = ProductId.parse("dp.product.catalog");

    @TempDir
    Path directory;

    private DuckDbSession session;

    @BeforeEach
    void open() {
        session = (DuckDbSession) new DuckDbEngine().openSession(SessionOptions.of("run-1",
                List.of(directory.resolve("lake"))).withTempDirectory(directory.resolve("tmp")));
    }

    @AfterEach
    void close() {
        session.close();
    }

    // --- the one scan -------------------------------------------------------------------------------------------

    @Test
    void allColumnChecksOfARunAreMeasuredByOneAggregateQuery() {
        Relation relation = data("SELECT * FROM (VALUES (1, 'a', 1.5, TIMESTAMP '2026-03-01 11:00:00'),"
                + " (2, 'b', 2.5, TIMESTAMP '2026-03-01 10:00:00')) t(id, code, amount, ts)");
        List<CheckSpec> checks = List.of(
                check("row_count", "row_count").threshold("> 1").build(),
                check("code_complete", "null_percentage").column("code").threshold("< 1%").build(),
                check("id_present", "not_null").columns("id", "code").build(),
                check("id_unique", "uniqueness").column("id").build(),
                check("code_known", "accepted_values").column("code").values("a", "b").build(),
                check("amount_range", "range").column("amount").min(0).max(10).build(),
                check("fresh", "freshness").column("ts").threshold("< 24 hours").build());
        long before = session.statementsRun();

        List<CheckResult> results = session.evaluate(relation, checks, context());

        assertThat(results).allMatch(CheckResult::passed);
        // describing the relation, then the single aggregate scan: nothing else runs while every check passes
        assertThat(session.statementsRun() - before).isEqualTo(2);
    }

    // --- row_count, null_percentage, not_null -------------------------------------------------------------------

    @Test
    void anEmptyTableHasNoRowsNoNullsNoDuplicatesAndNoFreshness() {
        Relation empty = data("SELECT * FROM (VALUES (1, 'a', TIMESTAMP '2026-03-01 11:00:00')) t(id, code, ts)"
                + " WHERE id < 0");

        List<CheckResult> results = session.evaluate(empty, List.of(
                check("row_count", "row_count").threshold("> 0").build(),
                check("code_complete", "null_percentage").column("code").threshold("< 1%").build(),
                check("id_present", "not_null").column("id").threshold("< 1%").build(),
                check("id_unique", "uniqueness").column("id").build(),
                check("code_known", "accepted_values").column("code").values("a").build(),
                check("fresh", "freshness").column("ts").threshold("< 24 hours").build()), context());

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).measured()).contains(0.0);
        assertThat(results.get(0).message()).isEqualTo("0 rows; expected > 0");
        assertThat(results.get(1).passed()).isTrue();
        assertThat(results.get(1).measured()).contains(0.0);
        assertThat(results.subList(2, 5)).allMatch(CheckResult::passed);
        assertThat(results.get(5).passed()).isFalse();
        assertThat(results.get(5).measured()).isEmpty();
        assertThat(results.get(5).message()).contains("ts has no non-NULL value");
    }

    @Test
    void allNullsIsOneHundredPercentAndEveryRowFailsNotNull() {
        Relation relation = data("SELECT CAST(NULL AS VARCHAR) AS code, i AS id FROM range(3) r(i)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("code_complete", "null_percentage").column("code").threshold("<= 50%").build(),
                check("code_present", "not_null").column("code").build(),
                check("code_known", "accepted_values").column("code").values("a").build()), context());

        assertThat(results.get(0).measured()).contains(100.0);
        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).message()).isEqualTo("100% of code is NULL (3 of 3 rows); expected <= 50%");
        assertThat(results.get(1).failingRows()).hasValue(3);
        assertThat(results.get(1).message()).isEqualTo("3 rows have a NULL in code; expected == 0");
        assertThat(results.get(1).failingSample()).hasSize(3);
        // NULL is not judged by accepted_values: not_null is the check for it
        assertThat(results.get(2).passed()).isTrue();
    }

    @Test
    void notNullOverSeveralColumnsCountsRowsWithAnyNullAndMayUseAPercentage() {
        Relation relation = data("SELECT * FROM (VALUES (1, 'a'), (NULL, 'b'), (3, NULL), (4, 'd')) t(id, code)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("both", "not_null").columns("id", "code").build(),
                check("both_share", "not_null").columns("id", "code").threshold("<= 50%").warn().build()), context());

        assertThat(results.get(0).failingRows()).hasValue(2);
        assertThat(results.get(0).blocksPublication()).isTrue();
        assertThat(results.get(1).measured()).contains(50.0);
        assertThat(results.get(1).passed()).isTrue();
        assertThat(results.get(1).message()).startsWith("50% of rows (2 of 4) have a NULL in id, code");
    }

    @Test
    void nanIsNotNull() {
        Relation relation = data("SELECT * FROM (VALUES (1.0::DOUBLE), ('NaN'::DOUBLE), (NULL)) t(x)");

        CheckResult result = session.evaluate(relation, List.of(
                check("x_complete", "null_percentage").column("x").threshold("< 50%").build()), context()).get(0);

        assertThat(result.failingRows()).hasValue(1);
        assertThat(result.measured()).hasValueSatisfying(v -> assertThat(v).isCloseTo(33.33, org.assertj.core.data.Offset.offset(0.01)));
        assertThat(result.message()).startsWith("33.33% of x is NULL (1 of 3 rows)");
    }

    // --- uniqueness ---------------------------------------------------------------------------------------------

    @Test
    void multiColumnUniquenessIgnoresRowsWithANullKeyAndSamplesTheDuplicates() {
        Relation relation = data("SELECT * FROM (VALUES (1, 'a', 'x@example.com'), (1, 'a', 'y@example.com'),"
                + " (1, NULL, 'z'), (1, NULL, 'z'), (NULL, NULL, 'z'), (2, 'a', 'w')) t(id, code, email)");

        CheckResult result = session.evaluate(relation, List.of(check("key_unique", "uniqueness")
                .columns("id", "code").build()), contextWithPiiEmail()).get(0);

        assertThat(result.passed()).isFalse();
        assertThat(result.failingRows()).hasValue(1);
        assertThat(result.message()).isEqualTo("1 row has a value of (id, code) that an earlier row already has;"
                + " expected == 0");
        assertThat(result.failingSample()).hasSize(2).allSatisfy(row -> {
            assertThat(row).containsEntry("id", 1).containsEntry("code", "a").containsEntry("email", CheckResult.MASK);
        });
    }

    @Test
    void uniquenessCountsRepeatedNanAndAcceptsAPercentage() {
        Relation relation = data("SELECT * FROM (VALUES ('NaN'::DOUBLE), ('NaN'::DOUBLE), (1.0), (2.0)) t(x)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("x_unique", "uniqueness").column("x").build(),
                check("x_mostly_unique", "uniqueness").column("x").threshold("<= 25%").build()), context());

        assertThat(results.get(0).failingRows()).hasValue(1);
        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(1).measured()).contains(25.0);
        assertThat(results.get(1).passed()).isTrue();
    }

    // --- accepted_values ----------------------------------------------------------------------------------------

    @Test
    void acceptedValuesCompareInTheColumnsTypeAndTreatInjectionTextAsAValue() {
        Relation relation = data("SELECT * FROM (VALUES (1.50::DECIMAL(12,2), 7, 'Zürich'), (2.00, 8, '東京'),"
                + " (3.00, 9, 'x'' OR 1=1 --')) t(amount, n, city)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("amount_known", "accepted_values").column("amount").values("1.5", "2").build(),
                check("n_known", "accepted_values").column("n").values("7", "abc", "8").build(),
                check("city_known", "accepted_values").column("city").values("Zürich", "東京", "x' OR 1=1 --").build(),
                check("city_injection", "accepted_values").column("city").values("' OR 1=1 --").build()), context());

        assertThat(results.get(0).failingRows()).hasValue(1);
        assertThat(results.get(1).failingRows()).hasValue(1);
        assertThat(results.get(1).failingSample()).singleElement().satisfies(row -> assertThat(row.get("n")).isEqualTo(9));
        assertThat(results.get(2).passed()).isTrue();
        assertThat(results.get(3).failingRows()).hasValue(3);
        assertThat(results.get(3).message()).contains("not accepted (' OR 1=1 --)");
    }

    // --- range --------------------------------------------------------------------------------------------------

    @Test
    void rangeIsInclusiveIgnoresNullAndFailsNan() {
        Relation relation = data("SELECT * FROM (VALUES (1.0::DOUBLE), (10.0), (NULL), ('NaN'::DOUBLE), (10.5))"
                + " t(x)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("x_range", "range").column("x").min(1).max(10).build(),
                check("x_min", "range").column("x").min(1).build(),
                check("x_max", "range").column("x").max(11).build()), context());

        assertThat(results.get(0).failingRows()).hasValue(2);
        assertThat(results.get(0).message()).isEqualTo("2 rows have a value of x outside [1, 10]; expected == 0");
        assertThat(results.get(1).failingRows()).hasValue(1);
        assertThat(results.get(1).failingSample()).singleElement()
                .satisfies(row -> assertThat((Double) row.get("x")).isNaN());
        assertThat(results.get(2).failingRows()).hasValue(1);
    }

    @Test
    void rangeBoundsAreNotRoundedToADecimalColumnsScale() {
        Relation relation = data("SELECT * FROM (VALUES (0.01::DECIMAL(12,2)), (0.00)) t(amount)");

        CheckResult result = session.evaluate(relation, List.of(check("positive", "range").column("amount")
                .min(0.005).build()), context()).get(0);

        assertThat(result.failingRows()).hasValue(1);
    }

    // --- regex --------------------------------------------------------------------------------------------------

    @Test
    void regexMustMatchTheWholeValueAndUnderstandsUnicode() {
        Relation relation = data("SELECT * FROM (VALUES ('Zürich'), ('zürich'), ('東京'), (NULL), ('ab')) t(city)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("capitalised", "regex").column("city").pattern("\\p{Lu}\\p{Ll}+|\\p{Han}+").build(),
                check("contains_b", "regex").column("city").pattern("b").warn().build(),
                check("injection", "regex").column("city").pattern("' OR 1=1 --").build()), context());

        assertThat(results.get(0).failingRows()).hasValue(2);
        assertThat(results.get(0).failingSample()).extracting(row -> row.get("city"))
                .containsExactlyInAnyOrder("zürich", "ab");
        assertThat(results.get(1).failingRows()).hasValue(4);
        assertThat(results.get(1).blocksPublication()).isFalse();
        assertThat(results.get(2).failingRows()).hasValue(4);
    }

    @Test
    void anInvalidPatternIsRejectedNamingTheCheck() {
        Relation relation = data("SELECT 'a' AS city");

        assertThatThrownBy(() -> session.evaluate(relation, List.of(check("broken", "regex").column("city")
                .pattern("([").build()), context()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("check broken (regex)")
                .hasMessageContaining("not a valid regular expression");
    }

    // --- freshness ----------------------------------------------------------------------------------------------

    @Test
    void freshnessMeasuresNowMinusTheNewestValue() {
        Relation relation = data("SELECT * FROM (VALUES (TIMESTAMP '2026-03-01 10:00:00',"
                + " TIMESTAMPTZ '2026-02-27 12:00:00+00', DATE '2026-03-01'), (NULL, NULL, NULL)) t(ts, tz, d)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("ts_fresh", "freshness").column("ts").threshold("< 24 hours").build(),
                check("tz_fresh", "freshness").column("tz").threshold("< 24 hours").build(),
                check("d_fresh", "freshness").column("d").threshold("< 1 days").build(),
                check("published", "freshness").threshold("< 1 hours").build()), context());

        assertThat(results.get(0).measured()).contains(7200.0);
        assertThat(results.get(0).passed()).isTrue();
        assertThat(results.get(0).message()).isEqualTo("the newest ts is 2 hours old; expected < 24 hours");
        assertThat(results.get(1).measured()).contains(2 * 86400.0);
        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).message()).isEqualTo("the newest tz is 2 days old; expected < 24 hours");
        assertThat(results.get(2).measured()).contains(12 * 3600.0);
        assertThat(results.get(3).measured()).contains(0.0);
        assertThat(results.get(3).passed()).isTrue();
    }

    @Test
    void freshnessNeedsATemporalColumn() {
        Relation relation = data("SELECT 'a' AS code");

        assertThatThrownBy(() -> session.evaluate(relation, List.of(check("fresh", "freshness").column("code")
                .threshold("< 1 hours").build()), context()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("check fresh (freshness)");
    }

    // --- row_count_change ---------------------------------------------------------------------------------------

    @Test
    void rowCountChangeAfterAnEmptySnapshotIsInfinite() {
        Relation relation = data("SELECT 1 AS id");
        List<CheckSpec> checks = List.of(check("volume", "row_count_change").threshold("< 20%").build());

        CheckResult fromEmpty = session.evaluate(relation, checks, context().withPreviousRowCount(0)).get(0);
        CheckResult shrunk = session.evaluate(relation, checks, context().withPreviousRowCount(5)).get(0);

        assertThat(fromEmpty.passed()).isFalse();
        assertThat(fromEmpty.measured()).contains(Double.POSITIVE_INFINITY);
        assertThat(shrunk.measured()).contains(80.0);
        assertThat(shrunk.message()).isEqualTo("the row count changed by 80% (5 → 1 rows); expected < 20%");
    }

    // --- referential_integrity ----------------------------------------------------------------------------------

    @Test
    void referentialIntegrityCountsNonNullValuesMissingFromTheReferencedSnapshot() throws Exception {
        Path file = parquet("catalog.parquet", "SELECT * FROM (VALUES (1::BIGINT), (2), (3)) t(product_id)");
        Relation relation = data("SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (4, 'c'), (NULL, 'd'), (4, 'e'))"
                + " t(product_id, email)");
        QualityContext context = contextWithPiiEmail().withReference(CATALOG, new ReferenceData(List.of(file),
                List.of(new TableColumn("product_id", "BIGINT", true))));

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("known_product", "referential_integrity").column("product_id")
                        .reference(CATALOG.toString(), "product_id").build(),
                check("mostly_known", "referential_integrity").column("product_id")
                        .reference(CATALOG.toString(), "product_id").threshold("< 50%").warn().build()), context);

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).failingRows()).hasValue(2);
        assertThat(results.get(0).message()).isEqualTo("2 rows have a product_id that is missing from"
                + " dp.product.catalog (product_id); expected == 0");
        assertThat(results.get(0).failingSample()).hasSize(2)
                .allSatisfy(row -> assertThat(row).containsEntry("product_id", 4).containsEntry("email", CheckResult.MASK));
        assertThat(results.get(1).measured()).contains(40.0);
        assertThat(results.get(1).passed()).isTrue();
        assertThat(session.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '_check%'",
                List.of(), row -> row.value(0))).containsExactly(0L);
    }

    @Test
    void aReferencedProductWithoutFilesHasNoValues() {
        Relation relation = data("SELECT * FROM (VALUES (1), (NULL)) t(product_id)");
        QualityContext context = context().withReference(CATALOG, new ReferenceData(List.of(),
                List.of(new TableColumn("product_id", "BIGINT", true))));

        CheckResult result = session.evaluate(relation, List.of(check("known", "referential_integrity")
                .column("product_id").reference(CATALOG.toString(), "product_id").build()), context).get(0);

        assertThat(result.failingRows()).hasValue(1);
    }

    @Test
    void aReferenceTheContextDoesNotProvideIsAnInvalidCheck() {
        Relation relation = data("SELECT 1 AS product_id");

        assertThatThrownBy(() -> session.evaluate(relation, List.of(check("known", "referential_integrity")
                .column("product_id").reference(CATALOG.toString(), "product_id").build()), context()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("check known (referential_integrity)")
                .hasMessageContaining("dp.product.catalog");
    }

    // --- schema -------------------------------------------------------------------------------------------------

    @Test
    void schemaReportsMismatchesInsteadOfThrowing() {
        Relation relation = data("SELECT 1::BIGINT AS id, 'a' AS code");
        CheckSpec schema = check("contract", "schema").build();
        OutputSchema matching = new OutputSchema(List.of(column("id", "BIGINT", false), column("code", "VARCHAR", true)));
        OutputSchema other = new OutputSchema(List.of(column("id", "INTEGER", false)));

        CheckResult ok = session.evaluate(relation, List.of(schema), QualityContext.of(NOW, matching)).get(0);
        CheckResult mismatch = session.evaluate(relation, List.of(schema), QualityContext.of(NOW, other)).get(0);

        assertThat(ok.passed()).isTrue();
        assertThat(mismatch.passed()).isFalse();
        assertThat(mismatch.measured()).contains(2.0);
        assertThat(mismatch.message()).contains("column id: the contract says INTEGER").contains("column code:");
    }

    // --- custom_sql ---------------------------------------------------------------------------------------------

    @Test
    void customSqlSeesTheDataAsOutputAndComparesItsValue() {
        Relation relation = data("SELECT * FROM (VALUES (10), (-1), (-2)) t(amount)");

        List<CheckResult> results = session.evaluate(relation, List.of(
                check("no_negative", "custom_sql").sql("SELECT count(*) FROM output WHERE amount < 0;")
                        .threshold("== 0").build(),
                check("odcs_style", "custom_sql").sql("SELECT max(amount) FROM ${table}").threshold("> 5").build(),
                check("nothing", "custom_sql").sql("SELECT amount FROM output WHERE amount > 100")
                        .threshold("> 0").warn().build()), context());

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).measured()).contains(2.0);
        assertThat(results.get(0).message()).isEqualTo("the query returned 2; expected == 0");
        assertThat(results.get(1).passed()).isTrue();
        assertThat(results.get(2).passed()).isFalse();
        assertThat(results.get(2).message()).contains("returned no row");
    }

    @Test
    void customSqlMustBeOneSelectReturningOneNumber() {
        Relation relation = data("SELECT 1 AS amount");

        for (String sql : List.of("SELECT 1; DROP TABLE output", "DROP TABLE output", "SELECT 'a' FROM output",
                "SELECT amount, amount FROM output", "SELECT * FROM range(3)", "SELECT nope FROM output")) {
            assertThatThrownBy(() -> session.evaluate(relation, List.of(check("mine", "custom_sql").sql(sql)
                    .threshold("== 0").build()), context()))
                    .as(sql).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("check mine (custom_sql)");
        }
    }

    // --- invalid checks -----------------------------------------------------------------------------------------

    @Test
    void invalidChecksAreRejectedBeforeAnythingRuns() {
        Relation relation = data("SELECT 'a' AS code, 1 AS id");
        long before = session.statementsRun();

        for (CheckSpec invalid : List.of(
                check("no_threshold", "row_count").build(),
                check("wrong_unit", "null_percentage").column("code").threshold("< 5").build(),
                check("text_range", "range").column("code").min(1).build(),
                check("no_bounds", "range").column("id").build(),
                check("ghost", "not_null").column("ghost").build(),
                check("what", "sparkle").build())) {
            assertThatThrownBy(() -> session.evaluate(relation, List.of(
                    check("row_count", "row_count").threshold("> 0").build(), invalid), context()))
                    .as(invalid.name()).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining(invalid.name());
        }
        // each attempt only described the relation
        assertThat(session.statementsRun() - before).isEqualTo(6);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private Relation data(String sql) {
        return session.transform(new TransformSpec(Optional.of(sql), Optional.empty(), WriteMode.OVERWRITE,
                Optional.empty(), false), Optional.empty()).relation();
    }

    private Path parquet(String name, String select) throws Exception {
        Path file = Files.createDirectories(directory.resolve("reference")).resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    private static QualityContext context() {
        return QualityContext.of(NOW, OutputSchema.empty());
    }

    private static QualityContext contextWithPiiEmail() {
        return QualityContext.of(NOW, new OutputSchema(List.of(new ColumnSpec("email", "VARCHAR", Optional.empty(),
                true, false, false, Optional.empty(), true, Optional.empty(), List.of(), List.of()))));
    }

    private static ColumnSpec column(String name, String type, boolean nullable) {
        return new ColumnSpec(name, type, Optional.empty(), nullable, false, false, Optional.empty(), false,
                Optional.empty(), List.of(), List.of());
    }
}
