package org.meshwork.engine.duckdb.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.meshwork.api.lineage.ColumnDerivation;
import org.meshwork.api.lineage.ColumnRef;
import org.meshwork.api.lineage.DerivationKind;
import org.meshwork.api.lineage.TransformLineage;
import org.junit.jupiter.api.Test;

/** Column lineage through DuckDB's real parser. */
class DuckDbSqlLineageAnalyzerIT {
    private static final Map<String, List<String>> SOURCES = Map.of(
            "orders", List.of("order_id", "customer_id", "amount", "status"),
            "customers", List.of("customer_id", "email", "segment"),
            "events", List.of("id", "tags"));
    private final DuckDbSqlLineageAnalyzer analyzer = new DuckDbSqlLineageAnalyzer();

    private static ColumnDerivation column(TransformLineage lineage, String name) {
        return lineage.column(name).orElseThrow(() -> new AssertionError("no column " + name + " in " + lineage));
    }

    private static ColumnRef ref(String dataset, String column) {
        return new ColumnRef(dataset, column);
    }

    @Test
    void joinsAndAliasesFollowEachQualifiedColumnToItsTable() {
        TransformLineage lineage = analyzer.analyze("SELECT o.order_id AS id, c.email AS contact, segment FROM orders o "
                + "JOIN customers c ON c.customer_id = o.customer_id", SOURCES);

        assertThat(lineage.datasets()).containsExactly("customers", "orders");
        assertThat(column(lineage, "id").inputs()).containsExactly(ref("orders", "order_id"));
        assertThat(column(lineage, "id").kind()).isEqualTo(DerivationKind.IDENTITY);
        assertThat(column(lineage, "contact").inputs()).containsExactly(ref("customers", "email"));
        assertThat(column(lineage, "segment").inputs()).containsExactly(ref("customers", "segment"));
    }

    @Test
    void expressionsCombineTheirInputsAndAreTransformations() {
        TransformLineage lineage = analyzer.analyze("SELECT amount * 1.2 AS gross, lower(c.email) || status AS k, "
                + "CASE WHEN status = 'paid' THEN amount ELSE 0 END AS paid, 'x' AS constant "
                + "FROM orders JOIN customers c USING (customer_id)", SOURCES);

        assertThat(column(lineage, "gross").inputs()).containsExactly(ref("orders", "amount"));
        assertThat(column(lineage, "gross").kind()).isEqualTo(DerivationKind.TRANSFORMATION);
        assertThat(column(lineage, "k").inputs()).containsExactly(ref("customers", "email"), ref("orders", "status"));
        assertThat(column(lineage, "paid").inputs()).containsExactly(ref("orders", "amount"), ref("orders", "status"));
        assertThat(column(lineage, "constant").inputs()).isEmpty();
        assertThat(column(lineage, "constant").known()).isTrue();
    }

    @Test
    void aggregatesAreAggregationsAndGroupKeysStayIdentities() {
        TransformLineage lineage = analyzer.analyze("SELECT customer_id, sum(amount) AS revenue, count(*) AS n "
                + "FROM orders GROUP BY customer_id", SOURCES);

        assertThat(column(lineage, "customer_id").kind()).isEqualTo(DerivationKind.IDENTITY);
        assertThat(column(lineage, "revenue").inputs()).containsExactly(ref("orders", "amount"));
        assertThat(column(lineage, "revenue").kind()).isEqualTo(DerivationKind.AGGREGATION);
        assertThat(column(lineage, "n").inputs()).isEmpty();
        assertThat(column(lineage, "n").kind()).isEqualTo(DerivationKind.AGGREGATION);
    }

    @Test
    void ctesAndSubqueriesAreFollowedThroughToTheSources() {
        TransformLineage lineage = analyzer.analyze("WITH paid AS (SELECT customer_id AS cid, amount * 2 AS doubled "
                + "FROM orders WHERE status = 'paid'), totals AS (SELECT cid, sum(doubled) AS total FROM paid GROUP BY cid) "
                + "SELECT t.cid, t.total, s.email FROM totals t JOIN (SELECT customer_id, email FROM customers) s "
                + "ON s.customer_id = t.cid", SOURCES);

        assertThat(lineage.datasets()).containsExactly("customers", "orders");
        assertThat(column(lineage, "cid").inputs()).containsExactly(ref("orders", "customer_id"));
        assertThat(column(lineage, "total").inputs()).containsExactly(ref("orders", "amount"));
        assertThat(column(lineage, "total").kind()).isEqualTo(DerivationKind.AGGREGATION);
        assertThat(column(lineage, "email").inputs()).containsExactly(ref("customers", "email"));
    }

    @Test
    void selectStarIsExpandedFromTheKnownColumnsAndUsingColumnsAppearOnce() {
        TransformLineage lineage = analyzer.analyze("SELECT * EXCLUDE (status) FROM orders JOIN customers USING (customer_id)",
                SOURCES);

        assertThat(lineage.columns()).extracting(ColumnDerivation::column)
                .containsExactly("order_id", "customer_id", "amount", "email", "segment");
        assertThat(column(lineage, "customer_id").inputs())
                .containsExactly(ref("customers", "customer_id"), ref("orders", "customer_id"));
        assertThat(column(lineage, "email").inputs()).containsExactly(ref("customers", "email"));
    }

    @Test
    void windowFunctionsAndScalarSubqueriesMakeOnlyTheirColumnTableLevel() {
        TransformLineage lineage = analyzer.analyze("SELECT order_id, row_number() OVER (PARTITION BY customer_id) AS rn, "
                + "(SELECT count(*) FROM customers) AS customer_count FROM orders", SOURCES);

        assertThat(lineage.datasets()).containsExactly("customers", "orders");
        assertThat(column(lineage, "order_id").inputs()).containsExactly(ref("orders", "order_id"));
        assertThat(column(lineage, "rn").known()).isFalse();
        assertThat(column(lineage, "rn").inputs()).isEmpty();
        assertThat(column(lineage, "rn").unsupported()).hasValueSatisfying(r -> assertThat(r).contains("window"));
        assertThat(column(lineage, "customer_count").known()).isFalse();
        assertThat(lineage.notes()).anySatisfy(note -> assertThat(note).contains("rn").contains("table-level"));
    }

    @Test
    void pivotDegradesTheWholeStatementToTableLevelWithANote() {
        TransformLineage lineage = analyzer.analyze("SELECT * FROM orders PIVOT (sum(amount) FOR status IN ('paid', 'open'))", SOURCES);

        assertThat(lineage.tableLevelOnly()).isTrue();
        assertThat(lineage.datasets()).containsExactly("orders");
        assertThat(lineage.notes()).singleElement().satisfies(note -> assertThat(note).contains("table-level"));
    }

    @Test
    void unnestIsNotFollowedAndAColumnDerivedFromAnUnknownColumnIsUnknownToo() {
        TransformLineage lineage = analyzer.analyze("WITH x AS (SELECT id, unnest(tags) AS tag FROM events) "
                + "SELECT id, upper(tag) AS t FROM x", SOURCES);

        assertThat(column(lineage, "id").inputs()).containsExactly(ref("events", "id"));
        assertThat(column(lineage, "t").known()).isFalse();
    }

    @Test
    void unionsMergeTheBranchesPositionally() {
        TransformLineage lineage = analyzer.analyze("SELECT customer_id AS id FROM orders UNION ALL "
                + "SELECT customer_id FROM customers", SOURCES);

        assertThat(column(lineage, "id").inputs())
                .containsExactly(ref("customers", "customer_id"), ref("orders", "customer_id"));
    }

    @Test
    void sqlThatDoesNotParseIsReportedNotGuessed() {
        TransformLineage lineage = analyzer.analyze("SELECT FROM WHERE", SOURCES);

        assertThat(lineage.tableLevelOnly()).isTrue();
        assertThat(lineage.notes()).singleElement().satisfies(note -> assertThat(note).contains("does not parse"));
    }

    @Test
    void anUnqualifiedColumnPresentInTwoJoinedInputsIsAmbiguousNotGuessed() {
        TransformLineage lineage = analyzer.analyze("SELECT customer_id FROM orders o JOIN customers c "
                + "ON o.customer_id = c.customer_id", SOURCES);

        assertThat(column(lineage, "customer_id").known()).isFalse();
    }
}
