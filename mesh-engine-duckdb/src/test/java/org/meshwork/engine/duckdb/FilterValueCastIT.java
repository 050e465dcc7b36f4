package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every decision {@link FilterValueCast} takes in Java is what DuckDB's {@code TRY_CAST(? AS type) IS NOT NULL} says,
 * over a table of types and of inputs at the edges: overflow, scale and rounding, space, signs, exponent forms,
 * calendar days, times. Inputs it leaves to the engine are not compared (the engine answers them itself).
 */
class FilterValueCastIT {
    private static final List<String> TYPES = List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "DECIMAL(5,2)", "DECIMAL(18,0)", "DECIMAL(4,4)",
            "DECIMAL(38,10)", "DECIMAL(3,0)", "DECIMAL(1,0)", "DOUBLE", "FLOAT", "BOOLEAN", "VARCHAR", "DATE",
            "TIMESTAMP");
    private static final List<String> INPUTS = List.of("0", "1", "-1", "+1", "-0", "+0", "-00", "00012", " 7 ",
            "\t7\n", "\u000b7\f", "\r7", "", " ", "+", "-", ".", "+-1", "1 2", "1.", ".5", "1.5", "1.4", "2.5", "-2.5",
            "1e3", "1E2", "1.0e1", "1e", "1e-3", "1.5e+2", "1e39", "1e309", "1e-400", "3.5e38", "0x1F", "0b101",
            "1_000", "1,5", "abc", "\u0663", "\u22121", "127", "128", "-128", "-129", "255", "256", "32767", "32768",
            "-32768", "-32769", "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "18446744073709551615", "18446744073709551616",
            "170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105727", "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729", "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456", "123.45", "123.456", "123.455", "999.99", "999.994",
            "999.995", "-999.995", "1000", "-999.99", "0001.50", "0.1234", "0.99994", "0.99995", "-0.99995", "9.4",
            "9.5", "999.4", "999.5", "999999999999999999", "9999999999999999999",
            "1234567890123456789012345678.1234567890", "12345678901234567890123456789.1234567890", "1.5d", "nan",
            "inf", "-Infinity", "true", "TRUE", "True", " true", "t", "f", "F", "yes", "no", "YES", "No", "y", "n",
            "on", "off", "2", "2026-01-31", "2024-02-29", "2023-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
            "2026-01-00", "2026-04-31", " 2026-01-31", "2026-01-31 ", "2026-1-5", "20260131", "2026/01/31",
            "0000-01-01", "0001-01-01", "9999-12-31", "-2026-01-01", "2026-01-31 (BC)", "epoch", "infinity",
            "2026-01-31 10:00:00", "2026-01-31T10:00:00", "2026-01-31 10:00:00.123456", "2026-01-31 10:00:00.1234567",
            "2026-01-31 23:59:59.999999", "2026-01-31 24:00:00", "2026-01-31 23:59:60", "2026-01-31 00:60:00",
            "2026-02-30 10:00:00", "2026-01-31 10:00", "2026-01-31 10:00:00Z", "2026-01-31 10:00:00+02",
            "2026-01-31 1:2:3", "2026-01-31t10:00:00");

    @Test
    void everyDecisionTakenInJavaIsDuckDbsTryCast() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int decided = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String type : TYPES) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT TRY_CAST(? AS " + type + ") IS NOT NULL")) {
                    for (String input : INPUTS) {
                        FilterValueCast.Verdict verdict = FilterValueCast.of(input, type);
                        if (verdict == FilterValueCast.Verdict.ASK_ENGINE) {
                            continue;
                        }
                        decided++;
                        statement.setString(1, input);
                        boolean duckdb;
                        try (ResultSet row = statement.executeQuery()) {
                            row.next();
                            duckdb = row.getBoolean(1);
                        }
                        if (duckdb != (verdict == FilterValueCast.Verdict.CASTS)) {
                            disagreements.add(type + " '" + input.replace("\n", "\\n") + "': Java " + verdict
                                    + ", DuckDB " + duckdb);
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(decided).as("inputs decided in Java").isGreaterThan(TYPES.size() * INPUTS.size() / 3);
    }
}
