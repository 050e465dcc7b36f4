package org.meshwork.table.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.table.TableColumn;

class DeltaTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BOOLEAN | BOOLEAN", "bool | BOOLEAN",
            "TINYINT | TINYINT", "SMALLINT | SMALLINT", "INT2 | SMALLINT",
            "INTEGER | INTEGER", "int | INTEGER", "INT4 | INTEGER",
            "BIGINT | BIGINT", "INT8 | BIGINT",
            "FLOAT | FLOAT", "REAL | FLOAT", "DOUBLE | DOUBLE", "FLOAT8 | DOUBLE",
            "DECIMAL(12,2) | DECIMAL(12,2)", "decimal( 38 , 0 ) | DECIMAL(38,0)", "NUMERIC(10) | DECIMAL(10,0)",
            "DECIMAL | DECIMAL(18,3)",
            "VARCHAR | VARCHAR", "TEXT | VARCHAR", "STRING | VARCHAR", "VARCHAR(20) | VARCHAR",
            "BLOB | BLOB", "BYTEA | BLOB",
            "DATE | DATE",
            "TIMESTAMP | TIMESTAMP", "DATETIME | TIMESTAMP",
            "TIMESTAMP WITH TIME ZONE | TIMESTAMP WITH TIME ZONE", "timestamptz | TIMESTAMP WITH TIME ZONE",
            "timestamp   with time zone | TIMESTAMP WITH TIME ZONE"})
    void duckDbTypesMapToDeltaAndBackInTheirCanonicalSpelling(String duckDb, String canonical) {
        assertThat(DeltaTypes.canonical("c", duckDb)).isEqualTo(canonical);
    }

    @Test
    void timestampsWithoutTimeZoneAreTimestampNtzAndWithTimeZoneAreTimestamp() {
        assertThat(DeltaTypes.toDelta("c", "TIMESTAMP")).isEqualTo(TimestampNTZType.TIMESTAMP_NTZ);
        assertThat(DeltaTypes.toDelta("c", "TIMESTAMPTZ")).isEqualTo(TimestampType.TIMESTAMP);
        assertThat(DeltaTypes.toDelta("c", "DECIMAL(5,1)")).isEqualTo(new DecimalType(5, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HUGEINT", "UHUGEINT", "UTINYINT", "UBIGINT", "TIME", "INTERVAL", "UUID", "TIMESTAMP_NS",
            "TIMESTAMP_MS", "INTEGER[]", "STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER)", "ENUM('a', 'b')", "GEOMETRY"})
    void typesDeltaCannotStoreAreRefusedNamingTheColumn(String duckDb) {
        assertThatThrownBy(() -> DeltaTypes.toDelta(List.of(new TableColumn("amount", duckDb, true))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'amount'")
                .hasMessageContaining(duckDb);
    }

    @Test
    void hugeIntSaysWhichCastFixesIt() {
        assertThatThrownBy(() -> DeltaTypes.toDelta("total", "HUGEINT"))
                .hasMessageContaining("CAST it to DECIMAL(38,0)");
    }

    @Test
    void decimalsBeyondDeltasPrecisionAreRefused() {
        assertThatThrownBy(() -> DeltaTypes.toDelta("c", "DECIMAL(39,2)")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> DeltaTypes.toDelta("c", "DECIMAL(4,5)")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void nestedDeltaTypesReadBackInDuckDbSpelling() {
        var schema = new io.delta.kernel.types.StructType()
                .add("tags", new io.delta.kernel.types.ArrayType(io.delta.kernel.types.StringType.STRING, true))
                .add("attributes", new io.delta.kernel.types.MapType(io.delta.kernel.types.StringType.STRING,
                        io.delta.kernel.types.LongType.LONG, true));

        assertThat(DeltaTypes.fromDelta(schema)).extracting(TableColumn::type)
                .containsExactly("VARCHAR[]", "MAP(VARCHAR, BIGINT)");
    }
}
