package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meshwork.engine.duckdb.FilterValueCast.Verdict.ASK_ENGINE;
import static org.meshwork.engine.duckdb.FilterValueCast.Verdict.CASTS;
import static org.meshwork.engine.duckdb.FilterValueCast.Verdict.DOES_NOT_CAST;

import org.junit.jupiter.api.Test;

/**
 * The Java decisions of {@link FilterValueCast}, one edge at a time; {@code FilterValueCastIT} checks every decision
 * against DuckDB's TRY_CAST.
 */
class FilterValueCastTest {

    @Test
    void integersTrimSpaceTakeOneSignAndRespectTheRangeOfTheirType() {
        assertThat(FilterValueCast.of("42", "BIGINT")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of(" \t+42\n", "INTEGER")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("127", "TINYINT")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("128", "TINYINT")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("-129", "TINYINT")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("9223372036854775808", "BIGINT")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("-9223372036854775808", "BIGINT")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("-1", "UBIGINT")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("-0", "UINTEGER")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("", "INTEGER")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("   ", "INTEGER")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("abc", "BIGINT")).isEqualTo(ASK_ENGINE);
        // forms DuckDB also reads (rounded decimals, exponents, hex, underscores) are left to it
        assertThat(FilterValueCast.of("1.5", "INTEGER")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("1e3", "INTEGER")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("0x1F", "INTEGER")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("1_000", "INTEGER")).isEqualTo(ASK_ENGINE);
    }

    @Test
    void decimalsFitTheirIntegerDigitsAndAreDecidedOnlyWhereRoundingCannotMatter() {
        assertThat(FilterValueCast.of("123.45", "DECIMAL(5,2)")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of(" -999.99 ", "DECIMAL(5,2)")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("1000", "DECIMAL(5,2)")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("0001.5", "DECIMAL(5,2)")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of(".5", "DECIMAL(5,2)")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("123.456", "DECIMAL(5,2)")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("999.995", "DECIMAL(5,2)")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("0", "DECIMAL(4,4)")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("1", "DECIMAL(4,4)")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("1e2", "DECIMAL(5,2)")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("", "DECIMAL(5,2)")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("1.5", "DECIMAL")).isEqualTo(ASK_ENGINE);
    }

    @Test
    void floatingPointTakesDecimalAndExponentFormsAndLeavesWordsToTheEngine() {
        assertThat(FilterValueCast.of("1.5e-3", "DOUBLE")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of(" -.5 ", "FLOAT")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("1e39", "FLOAT")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("inf", "DOUBLE")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("1.5d", "DOUBLE")).isEqualTo(ASK_ENGINE);
    }

    @Test
    void booleansVarcharDatesAndTimestamps() {
        assertThat(FilterValueCast.of("TRUE", "BOOLEAN")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("n", "BOOLEAN")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of(" true", "BOOLEAN")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("anything at all", "VARCHAR")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("2024-02-29", "DATE")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("2023-02-29", "DATE")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("2026-13-01", "DATE")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("2026-01-31 10:00:00", "DATE")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("2026/01/31", "DATE")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("2026-01-31T10:00:00.123456", "TIMESTAMP")).isEqualTo(CASTS);
        assertThat(FilterValueCast.of("2026-01-31 23:59:60", "TIMESTAMP")).isEqualTo(DOES_NOT_CAST);
        assertThat(FilterValueCast.of("2026-01-31 24:00:00", "TIMESTAMP")).isEqualTo(ASK_ENGINE);
        assertThat(FilterValueCast.of("2026-01-31 10:00:00", "TIMESTAMP WITH TIME ZONE")).isEqualTo(ASK_ENGINE);
    }
}
