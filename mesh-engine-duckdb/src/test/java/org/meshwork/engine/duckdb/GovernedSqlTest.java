package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.api.table.TableColumn;

class GovernedSqlTest {

    private static final String SALT = "0123456789abcdef0123";
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");

    @Test
    void theViewShowsOnlyAllowedColumnsWithMasksAndTheRowFilterAsQuotedLiterals() {
        ReadDecision decision = new ReadDecision(ORDERS,
                List.of(ColumnAccess.clear("id"), ColumnAccess.masked("email", MaskStrategy.HASH)),
                List.of(Predicate.of("country", Operator.EQ, "D'E")), "grant g-1", Optional.empty());
        GovernedView view = new GovernedView(ORDERS, List.of(Path.of("/lake/o/a.parquet")), List.of(
                new TableColumn("id", "BIGINT", false), new TableColumn("email", "VARCHAR", true),
                new TableColumn("country", "VARCHAR", true)), decision);

        String sql = GovernedSql.createView(view, SALT);

        assertThat(sql).startsWith("CREATE VIEW \"dp.sales.orders\" AS SELECT \"id\" AS \"id\", CASE WHEN \"email\"")
                .contains("sha256('" + SALT + "' || CAST(\"email\" AS VARCHAR))")
                .contains("FROM read_parquet(['/lake/o/a.parquet'], union_by_name=true)")
                .endsWith("WHERE (\"country\" = CAST('D''E' AS VARCHAR))")
                .doesNotContain("\"country\" AS");
    }

    @Test
    void everyMaskHidesTheValue() {
        assertThat(GovernedSql.maskExpression("e", "VARCHAR", Optional.of(MaskStrategy.REDACT), SALT)).contains("'***'");
        assertThat(GovernedSql.maskExpression("e", "VARCHAR", Optional.of(MaskStrategy.PARTIAL), SALT))
                .contains("right(CAST(\"e\" AS VARCHAR), 4)");
        assertThat(GovernedSql.maskExpression("e", "DECIMAL(12,2)", Optional.of(MaskStrategy.NULL), SALT))
                .isEqualTo("CAST(NULL AS DECIMAL(12,2))");
        assertThat(GovernedSql.maskExpression("e", "VARCHAR", Optional.empty(), SALT)).isEqualTo("\"e\"");
    }

    @Test
    void aSaltThatCouldEndTheLiteralIsRefused() {
        assertThatThrownBy(() -> GovernedSql.maskExpression("e", "VARCHAR", Optional.of(MaskStrategy.HASH),
                "abcdefghijklmnop' || x || '")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readerPredicatesBecomeCastPlaceholders() {
        List<String> bound = new ArrayList<>();
        String sql = GovernedSql.condition(new Predicate("amount", Operator.IN, List.of("1", "2); DROP"), true),
                value -> {
                    bound.add(value);
                    return "CAST(? AS DECIMAL(12,2))";
                }, value -> "?");

        assertThat(sql).isEqualTo("NOT (\"amount\" IN (CAST(? AS DECIMAL(12,2)), CAST(? AS DECIMAL(12,2))))");
        assertThat(bound).containsExactly("1", "2); DROP");
        assertThat(GovernedSql.condition(Predicate.of("email", Operator.ILIKE, "%x%"), v -> "T", v -> "?"))
                .isEqualTo("CAST(\"email\" AS VARCHAR) ILIKE ?");
        assertThat(GovernedSql.condition(Predicate.of("email", Operator.IS_NULL), v -> "T", v -> "?"))
                .isEqualTo("\"email\" IS NULL");
    }

    @Test
    void aNestedTypeIsNeverWrittenIntoSql() {
        assertThatThrownBy(() -> GovernedSql.requireScalarType("STRUCT(\"a\" INTEGER)", "s"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("column 's'");
    }
}
