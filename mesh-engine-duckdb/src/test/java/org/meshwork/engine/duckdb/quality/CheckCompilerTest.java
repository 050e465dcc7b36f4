package org.meshwork.engine.duckdb.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meshwork.testing.quality.CheckSpecBuilder.check;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.meshwork.api.table.TableColumn;

class CheckCompilerTest {

    private static final List<TableColumn> COLUMNS = List.of(new TableColumn("id", "BIGINT", true),
            new TableColumn("status", "VARCHAR", true), new TableColumn("amount", "DECIMAL(12,2)", true),
            new TableColumn("ts", "TIMESTAMP", true));

    @Test
    void columnChecksCompileIntoOneAggregateStatementWithBoundValues() {
        CompiledChecks compiled = CheckCompiler.compile("_result", COLUMNS, List.of(
                check("row_count", "row_count").threshold("> 0").build(),
                check("status_known", "accepted_values").column("status").values("paid", "x' OR 1=1 --").build(),
                check("amount_range", "range").column("amount").min(0).max(100).build(),
                check("status_form", "regex").column("status").pattern("[a-z]+").build(),
                check("key", "uniqueness").columns("id", "status").build(),
                check("fresh", "freshness").column("ts").threshold("< 1 hours").build(),
                check("volume", "row_count_change").threshold("< 20%").build()));

        String sql = compiled.aggregate().sql();
        assertThat(sql).startsWith("SELECT count(*), ").endsWith(" FROM \"_result\"").doesNotContain("paid")
                .doesNotContain("OR 1=1").doesNotContain("[a-z]").doesNotContain(";");
        assertThat(sql.split("SELECT", -1)).hasSize(2);
        assertThat(compiled.aggregate().parameters()).containsExactly("paid", "x' OR 1=1 --", 0.0, 100.0, "[a-z]+");
        assertThat(compiled.checks()).extracting(c -> c.aggregateColumn().isPresent())
                .containsExactly(false, true, true, true, true, true, false);
        assertThat(compiled.checks().get(4).aggregateColumn()).hasValue(4);
        assertThat(compiled.checks().get(1).sample().orElseThrow().sql()).endsWith("LIMIT 5");
    }

    @Test
    void customSqlSeesTheRelationAsOutput() {
        assertThat(CheckCompiler.customSql("_result", "SELECT count(*) FROM ${table};").sql())
                .isEqualTo("WITH \"output\" AS (SELECT * FROM \"_result\") SELECT * FROM (\n"
                        + "SELECT count(*) FROM output\n)");
    }
}
