package org.meshwork.engine.duckdb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.QueryCancelledException;

/**
 * Any database with a JDBC driver on the classpath ({@link DriverManager}): the rows of {@code query}, or of every
 * row of {@code table} (a name or {@code schema.name}, each part quoted), streamed into DuckDB with its appender.
 * Credentials come only from the environment variable named by {@code credentials_env}, in a format
 * {@link JdbcCredentials} describes. Option {@code fetch_size} (default 10000) sets the driver's fetch size.
 *
 * <p>Declared columns are staged as text and typed by {@link SourceTyping}, so a bad value is quarantined. Undeclared
 * columns keep their JDBC type; a value that does not fit it (databases with dynamic typing such as SQLite allow
 * that) fails the source with a message that suggests declaring the column.
 */
final class JdbcSourceReader implements SourceReader {

    private static final Set<String> OPTIONS = Set.of("fetch_size");
    private static final int FETCH_SIZE_DEFAULT = 10_000;

    private enum Kind { BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL, DATE, TIMESTAMP, TIMESTAMPTZ, BLOB, TEXT }

    private record Column(String name, Kind kind, String sqlType, int scale) {}

    @Override
    public StagedSource read(SourceContext context) {
        var source = context.source();
        SourceOptions options = new SourceOptions(source.name(), source.options(), OPTIONS);
        String url = source.url().orElseThrow(() -> new InvalidArgumentException(
                "source " + source.name() + ": a jdbc source needs a url"));
        InvalidArgumentException.check(source.query().isPresent() != source.table().isPresent(),
                "source %s: a jdbc source needs exactly one of query or table", source.name());
        String sql = source.query().orElseGet(() -> "SELECT * FROM " + Arrays.stream(source.table().orElseThrow()
                .split("\\.", -1)).map(SqlIdentifiers::quote).collect(Collectors.joining(".")));
        Properties login = new Properties();
        source.credentialsEnv().ifPresent(variable -> {
            String value = context.input().environment().apply(variable).orElseThrow(() -> new InvalidArgumentException(
                    "source " + source.name() + ": environment variable " + variable
                            + " named by credentials_env is not set"));
            JdbcCredentials credentials = JdbcCredentials.parse(variable, value);
            login.setProperty("user", credentials.user());
            login.setProperty("password", credentials.password());
        });

        try (Connection connection = DriverManager.getConnection(url, login);
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(options.positiveInt("fetch_size").orElse(FETCH_SIZE_DEFAULT));
            Runnable untrack = context.database().track(statement);
            try (ResultSet rows = statement.executeQuery(sql)) {
                List<Column> columns = columns(context, rows.getMetaData());
                context.database().update(context.context(), "CREATE TABLE " + SqlIdentifiers.quote(context.rawTable())
                        + " (" + columns.stream().map(c -> SqlIdentifiers.quote(c.name()) + " " + c.sqlType())
                        .collect(Collectors.joining(", ")) + ")");
                copy(context, rows, columns);
            } finally {
                untrack.run();
            }
        } catch (SQLException e) {
            if (context.database().isCancelled()) {
                throw new QueryCancelledException(context.context() + ": cancelled", e);
            }
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": reading " + redact(url) + " failed: "
                    + e.getMessage(), e);
        }
        return new StagedSource(context.rawTable(), 0, Optional.empty());
    }

    private static List<Column> columns(SourceContext context, ResultSetMetaData metadata) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            String name = metadata.getColumnLabel(i);
            if (context.isDeclared(name)) {
                columns.add(new Column(name, Kind.TEXT, "VARCHAR", 0));
                continue;
            }
            int precision = metadata.getPrecision(i);
            int scale = metadata.getScale(i);
            if (isTimestampWithTimeZone(metadata, i)) {
                columns.add(new Column(name, Kind.TIMESTAMPTZ, "TIMESTAMP WITH TIME ZONE", 0));
                continue;
            }
            columns.add(switch (metadata.getColumnType(i)) {
                case Types.BOOLEAN, Types.BIT -> new Column(name, Kind.BOOLEAN, "BOOLEAN", 0);
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> new Column(name, Kind.INTEGER, "INTEGER", 0);
                case Types.BIGINT -> new Column(name, Kind.BIGINT, "BIGINT", 0);
                case Types.REAL, Types.FLOAT, Types.DOUBLE -> new Column(name, Kind.DOUBLE, "DOUBLE", 0);
                case Types.NUMERIC, Types.DECIMAL -> precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision
                        ? new Column(name, Kind.DECIMAL, "DECIMAL(" + precision + "," + scale + ")", scale)
                        : new Column(name, Kind.DOUBLE, "DOUBLE", 0);
                case Types.DATE -> new Column(name, Kind.DATE, "DATE", 0);
                case Types.TIMESTAMP -> new Column(name, Kind.TIMESTAMP, "TIMESTAMP", 0);
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> new Column(name, Kind.BLOB, "BLOB", 0);
                default -> new Column(name, Kind.TEXT, "VARCHAR", 0);
            });
        }
        return columns;
    }

    /**
     * An instant rather than a wall-clock time. PostgreSQL's driver reports {@code timestamptz} as
     * {@link Types#TIMESTAMP} and tells it apart only by the type name; drivers that follow JDBC 4.2 say
     * {@link Types#TIMESTAMP_WITH_TIMEZONE}.
     */
    private static boolean isTimestampWithTimeZone(ResultSetMetaData metadata, int column) throws SQLException {
        int type = metadata.getColumnType(column);
        String name = metadata.getColumnTypeName(column);
        return type == Types.TIMESTAMP_WITH_TIMEZONE
                || type == Types.TIMESTAMP && name != null && name.equalsIgnoreCase("timestamptz");
    }

    private static void copy(SourceContext context, ResultSet rows, List<Column> columns) throws SQLException {
        long row = 0;
        try (DuckDBAppender appender = context.database().appender(context.context(), context.rawTable())) {
            while (rows.next()) {
                row++;
                if (row % 10_000 == 0) {
                    context.database().checkNotCancelled();
                }
                appender.beginRow();
                for (int i = 0; i < columns.size(); i++) {
                    append(context, appender, columns.get(i), rows, i + 1, row);
                }
                appender.endRow();
            }
        }
    }

    private static void append(SourceContext context, DuckDBAppender appender, Column column, ResultSet rows, int index,
            long row) throws SQLException {
        Object value = value(rows, index, column.kind());
        if (value == null) {
            appender.appendNull();
            return;
        }
        try {
            switch (column.kind()) {
                case TEXT -> appender.append(value.toString());
                case BOOLEAN -> {
                    boolean flag = value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
                    appender.append(flag);
                }
                case INTEGER -> appender.append(integral(value).intValueExact());
                case BIGINT -> appender.append(integral(value).longValueExact());
                case DOUBLE -> appender.append(((Number) value).doubleValue());
                case DECIMAL -> appender.append(new BigDecimal(value.toString()).setScale(column.scale(), RoundingMode.UNNECESSARY));
                case DATE -> appender.append(value instanceof java.sql.Date date ? date.toLocalDate()
                        : LocalDate.parse(value.toString()));
                case TIMESTAMP -> appender.append(value instanceof LocalDateTime local ? local
                        : value instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime()
                        : LocalDateTime.parse(value.toString().replace(' ', 'T')));
                case TIMESTAMPTZ -> appender.append(value instanceof OffsetDateTime offset ? offset
                        : ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC));
                case BLOB -> appender.append((byte[]) value);
            }
        } catch (ClassCastException | ArithmeticException | NumberFormatException
                | java.time.format.DateTimeParseException e) {
            throw new MeshException(ErrorCode.RUN_FAILED, context.context() + ": row " + row + ", column "
                    + column.name() + ": value '" + value + "' does not fit " + column.sqlType()
                    + "; declare the column in columns to quarantine such rows instead", e);
        }
    }

    /**
     * The column's value as the driver gives it. Date-times go through the JDBC 4.2 {@code java.time} accessors
     * where the driver has them, so that neither kind depends on the JVM's default time zone: a {@code timestamp}
     * keeps its wall-clock reading, a {@code timestamptz} its instant.
     */
    private static Object value(ResultSet rows, int index, Kind kind) throws SQLException {
        switch (kind) {
            case TEXT:
                return rows.getString(index);
            case TIMESTAMP:
                return typedOrPlain(rows, index, LocalDateTime.class);
            case TIMESTAMPTZ:
                return typedOrPlain(rows, index, OffsetDateTime.class);
            default:
                return rows.getObject(index);
        }
    }

    private static Object typedOrPlain(ResultSet rows, int index, Class<?> type) throws SQLException {
        try {
            return rows.getObject(index, type);
        } catch (SQLException | AbstractMethodError e) {
            // an older driver without the java.time accessors (a real read error repeats on the plain accessor)
            return rows.getObject(index);
        }
    }

    private static BigDecimal integral(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        return new BigDecimal(value.toString());
    }

    /** The URL without a query string, which may hold a password. */
    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
