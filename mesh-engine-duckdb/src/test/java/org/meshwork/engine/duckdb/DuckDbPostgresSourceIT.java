package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.MeshException;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.table.TableColumn;
import org.meshwork.testing.engine.TestSources;
import org.meshwork.testing.postgres.TestPostgres;
import org.meshwork.testing.postgres.TestPostgres.TestSchema;

/**
 * A {@code jdbc} source reading a real PostgreSQL table: integers, numerics, Unicode text, timestamps and NULLs keep
 * their values and types, and a row that breaks a declared {@code NOT NULL} goes to the quarantine with its reason.
 * The login comes only from the environment variable that {@code credentials_env} names.
 */
class DuckDbPostgresSourceIT {
    private static final String LOGIN_VARIABLE = "ORDERS_DB_LOGIN";
    private static final String UNICODE_NOTE = "Bestellung – Übersicht ✓ 🚀 日本語 \"quoted\" 'single'";

    private static TestPostgres postgres;
    private static TestSchema schema;

    @TempDir
    Path directory;

    private EngineSession session;

    @BeforeAll
    static void createTable() throws SQLException {
        postgres = TestPostgres.fromEnvironment();
        schema = postgres.createSchema("duckdb_source_it");
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id integer PRIMARY KEY, quantity bigint, amount numeric(12,2),"
                    + " ratio double precision, customer text, note text, ordered_at timestamp, shipped_on date,"
                    + " paid boolean)");
            statement.execute("INSERT INTO orders VALUES"
                    + " (1, 10000000000, 10.50, 0.25, 'Zoë Müller', '" + UNICODE_NOTE.replace("'", "''") + "',"
                    + "  '2026-03-01 10:15:30.123456', '2026-03-02', true),"
                    + " (2, NULL, NULL, NULL, 'Bob', NULL, NULL, NULL, NULL),"
                    + " (3, 3, 3.00, 1.5, NULL, 'no customer', '2026-03-03 00:00:00', '2026-03-04', false),"
                    + " (4, -7, -0.01, -2.5, 'Ünïcødé', '', '1999-12-31 23:59:59.999999', '2000-01-01', false)");
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema != null) {
            schema.close();
        }
    }

    @BeforeEach
    void open() {
        session = new DuckDbEngine().openSession(SessionOptions.of("postgres-it", List.of(directory)));
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void tableKeepsTypesAndValuesAndQuarantinesARowThatBreaksADeclaredNotNull() {
        LoadResult result = session.load(TestSources.jdbcTable("orders", postgres.url(), schema.name() + ".orders",
                        columns("customer", "VARCHAR NOT NULL", "amount", "DECIMAL(12,2)"), Optional.of(LOGIN_VARIABLE)),
                input(postgres.user() + ":" + postgres.password()));

        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(result.rowsQuarantined()).isEqualTo(1);
        assertThat(session.query("SELECT reason, record FROM " + EngineSession.QUARANTINE_RELATION, List.of(),
                row -> row.value(0) + "|" + row.value(1)))
                .singleElement().asString()
                .startsWith("column customer: NULL in a NOT NULL column|")
                .contains("\"id\":3", "no customer");
        assertThat(session.describe(result.relation())).containsExactly(
                new TableColumn("id", "INTEGER", true),
                new TableColumn("quantity", "BIGINT", true),
                new TableColumn("amount", "DECIMAL(12,2)", true),
                new TableColumn("ratio", "DOUBLE", true),
                new TableColumn("customer", "VARCHAR", false),
                new TableColumn("note", "VARCHAR", true),
                new TableColumn("ordered_at", "TIMESTAMP", true),
                new TableColumn("shipped_on", "DATE", true),
                new TableColumn("paid", "BOOLEAN", true));
        assertThat(session.query("SELECT * FROM orders ORDER BY id", List.of(),
                row -> Arrays.asList(row.value(0), row.value(1), row.value(2), row.value(3), row.value(4),
                        row.value(5), row.value(6), row.value(7), row.value(8))))
                .containsExactly(
                        Arrays.asList(1, 10_000_000_000L, new BigDecimal("10.50"), 0.25, "Zoë Müller", UNICODE_NOTE,
                                LocalDateTime.parse("2026-03-01T10:15:30.123456"), LocalDate.parse("2026-03-02"), true),
                        Arrays.asList(2, null, null, null, "Bob", null, null, null, null),
                        Arrays.asList(4, -7L, new BigDecimal("-0.01"), -2.5, "Ünïcødé", "",
                                LocalDateTime.parse("1999-12-31T23:59:59.999999"), LocalDate.parse("2000-01-01"), false));
    }

    @Test
    void queryRunsInPostgresWithTheLoginFromTheNamedVariable() {
        String query = "SELECT id, customer, CAST(amount * 2 AS numeric(13,2)) AS doubled, note FROM orders WHERE amount > 0 ORDER BY id";

        LoadResult result = session.load(TestSources.jdbcQuery("paid", schema.url(), query,
                        columns("customer", "VARCHAR NOT NULL"), Optional.of(LOGIN_VARIABLE)),
                input("{\"user\": \"" + postgres.user() + "\", \"password\": \"" + postgres.password() + "\"}"));

        assertThat(result.rowsRead()).isEqualTo(2);
        assertThat(result.rowsLoaded()).isEqualTo(1);
        assertThat(session.query("SELECT reason FROM " + EngineSession.QUARANTINE_RELATION, List.of(),
                row -> row.value(0))).containsExactly("column customer: NULL in a NOT NULL column");
        assertThat(session.query("SELECT id, customer, doubled, note FROM paid", List.of(),
                row -> List.of(row.value(0), row.value(1), row.value(2), row.value(3))))
                .containsExactly(List.of(1, "Zoë Müller", new BigDecimal("21.00"), UNICODE_NOTE));
    }

    @Test
    void timestampsKeepTheirMeaningWhateverTheJvmTimeZone() throws SQLException {
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (id integer, happened_at timestamptz, local_at timestamp)");
            statement.execute("INSERT INTO events VALUES (1, '2026-03-29 01:30:00+00', '2026-03-29 01:30:00'),"
                    + " (2, '2026-07-01 12:00:00.25-07', '2026-07-01 12:00:00.25'), (3, NULL, NULL)");
        }
        java.util.TimeZone jvmZone = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
        LoadResult result;
        try {
            result = session.load(TestSources.jdbcTable("events", schema.url(), "events", Map.of(),
                    Optional.of(LOGIN_VARIABLE)), input(postgres.user() + ":" + postgres.password()));
        } finally {
            java.util.TimeZone.setDefault(jvmZone);
        }

        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(session.describe(result.relation())).containsExactly(
                new TableColumn("id", "INTEGER", true),
                new TableColumn("happened_at", "TIMESTAMP WITH TIME ZONE", true),
                new TableColumn("local_at", "TIMESTAMP", true));
        // the instant (epoch milliseconds) of a timestamptz and the wall-clock reading of a timestamp survive
        assertThat(session.query("SELECT id, epoch_ms(happened_at), local_at FROM events ORDER BY id", List.of(),
                row -> Arrays.asList(row.value(0), row.value(1), row.value(2))))
                .containsExactly(
                        Arrays.asList(1, java.time.Instant.parse("2026-03-29T01:30:00Z").toEpochMilli(),
                                LocalDateTime.parse("2026-03-29T01:30:00")),
                        Arrays.asList(2, java.time.Instant.parse("2026-07-01T19:00:00.25Z").toEpochMilli(),
                                LocalDateTime.parse("2026-07-01T12:00:00.25")),
                        Arrays.asList(3, null, null));
    }

    @Test
    void aWrongPasswordFailsTheSourceWithoutShowingIt() {
        assertThatThrownBy(() -> session.load(TestSources.jdbcTable("orders", schema.url(), "orders", Map.of(),
                        Optional.of(LOGIN_VARIABLE)), input(postgres.user() + ":wrong-s3cret")))
                .isInstanceOf(MeshException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("wrong-s3cret");
    }

    private SourceInput input(String login) {
        return SourceInput.of(directory).withEnvironment(Map.of(LOGIN_VARIABLE, login));
    }

    private static Map<String, String> columns(String... namesAndTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return columns;
    }
}
