package org.meshwork.table.delta;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.table.TableColumn;

/**
 * Maps column types between DuckDB's SQL spelling (what engines report in {@link TableColumn#type()}) and Delta's
 * types, so that the Parquet DuckDB writes for a column is what Delta readers expect for the mapped type.
 *
 * <p>DuckDB writes {@code TIMESTAMP} as Parquet {@code TIMESTAMP(isAdjustedToUTC=false, MICROS)}, which is Delta's
 * {@code timestamp_ntz} (it turns on the {@code timestampNtz} table feature), and {@code TIMESTAMP WITH TIME ZONE} as
 * {@code TIMESTAMP(isAdjustedToUTC=true, MICROS)}, which is Delta's {@code timestamp}. Types whose Parquet encoding
 * Delta cannot read as any Delta type are refused with the cast that fixes them.
 */
final class DeltaTypes {

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    private static final Pattern SIZED_STRING = Pattern.compile("(?:VARCHAR|CHAR|BPCHAR|STRING|TEXT)\\s*\\(\\s*\\d+\\s*\\)");
    private static final int DUCKDB_DEFAULT_DECIMAL_PRECISION = 18;
    private static final int DUCKDB_DEFAULT_DECIMAL_SCALE = 3;
    private static final int MAX_DECIMAL_PRECISION = 38;

    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("HUGEINT", "DuckDB writes HUGEINT to Parquet as DOUBLE; CAST it to DECIMAL(38,0)"),
            Map.entry("INT128", "DuckDB writes HUGEINT to Parquet as DOUBLE; CAST it to DECIMAL(38,0)"),
            Map.entry("UHUGEINT", "CAST it to DECIMAL(38,0)"),
            Map.entry("UTINYINT", "Delta has no unsigned types; CAST it to SMALLINT"),
            Map.entry("USMALLINT", "Delta has no unsigned types; CAST it to INTEGER"),
            Map.entry("UINTEGER", "Delta has no unsigned types; CAST it to BIGINT"),
            Map.entry("UBIGINT", "Delta has no unsigned types; CAST it to DECIMAL(20,0)"),
            Map.entry("TIME", "Delta has no time-of-day type; CAST it to VARCHAR or store a TIMESTAMP"),
            Map.entry("TIME WITH TIME ZONE", "Delta has no time-of-day type; CAST it to VARCHAR"),
            Map.entry("TIMETZ", "Delta has no time-of-day type; CAST it to VARCHAR"),
            Map.entry("INTERVAL", "Delta has no interval type; store a number of units (BIGINT) or a VARCHAR"),
            Map.entry("UUID", "DuckDB writes UUID as a 16-byte fixed binary; CAST it to VARCHAR"),
            Map.entry("TIMESTAMP_NS", "Delta timestamps have microsecond precision; CAST it to TIMESTAMP"),
            Map.entry("TIMESTAMP_MS", "CAST it to TIMESTAMP (microseconds), the precision Delta stores"),
            Map.entry("TIMESTAMP_S", "CAST it to TIMESTAMP (microseconds), the precision Delta stores"),
            Map.entry("BIT", "CAST it to VARCHAR or BLOB"),
            Map.entry("BITSTRING", "CAST it to VARCHAR or BLOB"),
            Map.entry("VARINT", "CAST it to DECIMAL(38,0)"),
            Map.entry("BIGNUM", "CAST it to DECIMAL(38,0)"));

    private DeltaTypes() {
    }

    /**
     * The Delta schema for a table's columns.
     *
     * @throws InvalidArgumentException naming the column and the fix when a type has no Delta equivalent
     */
    static StructType toDelta(List<TableColumn> columns) {
        StructType schema = new StructType();
        for (TableColumn column : columns) {
            schema = schema.add(column.name(), toDelta(column.name(), column.type()), column.nullable());
        }
        return schema;
    }

    /** The Meshwork columns of a Delta schema, types in DuckDB's canonical spelling. */
    static List<TableColumn> fromDelta(StructType schema) {
        List<TableColumn> columns = new ArrayList<>(schema.length());
        for (StructField field : schema.fields()) {
            columns.add(new TableColumn(field.getName(), toDuckDb(field.getDataType()), field.isNullable()));
        }
        return columns;
    }

    /** The canonical DuckDB spelling of a type, as {@link #fromDelta} reports it after a round trip. */
    static String canonical(String column, String duckDbType) {
        return toDuckDb(toDelta(column, duckDbType));
    }

    static DataType toDelta(String column, String duckDbType) {
        String type = duckDbType.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        switch (type) {
            case "BOOLEAN", "BOOL", "LOGICAL":
                return BooleanType.BOOLEAN;
            case "TINYINT", "INT1":
                return ByteType.BYTE;
            case "SMALLINT", "INT2", "SHORT":
                return ShortType.SHORT;
            case "INTEGER", "INT", "INT4", "SIGNED":
                return IntegerType.INTEGER;
            case "BIGINT", "INT8", "LONG":
                return LongType.LONG;
            case "FLOAT", "FLOAT4", "REAL":
                return FloatType.FLOAT;
            case "DOUBLE", "FLOAT8", "DOUBLE PRECISION":
                return DoubleType.DOUBLE;
            case "DECIMAL", "NUMERIC":
                return new DecimalType(DUCKDB_DEFAULT_DECIMAL_PRECISION, DUCKDB_DEFAULT_DECIMAL_SCALE);
            case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR":
                return StringType.STRING;
            case "BLOB", "BYTEA", "BINARY", "VARBINARY":
                return BinaryType.BINARY;
            case "DATE":
                return DateType.DATE;
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_US", "TIMESTAMP WITHOUT TIME ZONE":
                return TimestampNTZType.TIMESTAMP_NTZ;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
                return TimestampType.TIMESTAMP;
            default:
                return parameterized(column, duckDbType, type);
        }
    }

    private static DataType parameterized(String column, String original, String type) {
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
            InvalidArgumentException.check(precision >= 1 && precision <= MAX_DECIMAL_PRECISION && scale <= precision,
                    "column '%s': %s is not a valid Delta decimal (precision 1 to 38, scale at most the precision)",
                    column, original);
            return new DecimalType(precision, scale);
        }
        if (SIZED_STRING.matcher(type).matches()) {
            return StringType.STRING;
        }
        String reason = REFUSED.get(type);
        if (reason == null && (type.endsWith("]") || type.startsWith("STRUCT") || type.startsWith("MAP")
                || type.startsWith("UNION") || type.startsWith("ENUM"))) {
            reason = "nested, union and enum columns are not supported in Delta tables yet; CAST enums to VARCHAR";
        }
        throw new InvalidArgumentException(String.format(Locale.ROOT,
                "column '%s' has type %s, which a Delta table cannot store: %s", column, original,
                reason == null ? "unknown DuckDB type" : reason));
    }

    static String toDuckDb(DataType type) {
        if (type instanceof BooleanType) {
            return "BOOLEAN";
        } else if (type instanceof ByteType) {
            return "TINYINT";
        } else if (type instanceof ShortType) {
            return "SMALLINT";
        } else if (type instanceof IntegerType) {
            return "INTEGER";
        } else if (type instanceof LongType) {
            return "BIGINT";
        } else if (type instanceof FloatType) {
            return "FLOAT";
        } else if (type instanceof DoubleType) {
            return "DOUBLE";
        } else if (type instanceof DecimalType decimal) {
            return "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        } else if (type instanceof StringType) {
            return "VARCHAR";
        } else if (type instanceof BinaryType) {
            return "BLOB";
        } else if (type instanceof DateType) {
            return "DATE";
        } else if (type instanceof TimestampNTZType) {
            return "TIMESTAMP";
        } else if (type instanceof TimestampType) {
            return "TIMESTAMP WITH TIME ZONE";
        } else if (type instanceof ArrayType array) {
            return toDuckDb(array.getElementType()) + "[]";
        } else if (type instanceof MapType map) {
            return "MAP(" + toDuckDb(map.getKeyType()) + ", " + toDuckDb(map.getValueType()) + ")";
        } else if (type instanceof StructType struct) {
            List<String> fields = new ArrayList<>();
            for (StructField field : struct.fields()) {
                fields.add("\"" + field.getName().replace("\"", "\"\"") + "\" " + toDuckDb(field.getDataType()));
            }
            return "STRUCT(" + String.join(", ", fields) + ")";
        }
        throw new IllegalStateException("Delta type " + type + " has no DuckDB equivalent in Meshwork");
    }
}
