package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.ReadDecision;
import org.meshwork.api.engine.GovernedSession;
import org.meshwork.api.engine.GovernedView;
import org.meshwork.api.engine.Ordering;
import org.meshwork.api.engine.ProductRead;
import org.meshwork.api.engine.ResultCursor;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.api.table.TableColumn;

/** Governed sessions on real DuckDB over real Parquet files: views, masks, row filters, and what readers cannot do. */
class GovernedSessionIT {

    private static final String SALT = "s3cr3tSaltForTests0001";
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId CUSTOMERS = ProductId.parse("dp.customer.profiles");
    private static final List<TableColumn> ORDER_SCHEMA = List.of(new TableColumn("id", "BIGINT", false),
            new TableColumn("email", "VARCHAR", true), new TableColumn("country", "VARCHAR", true),
            new TableColumn("amount", "DECIMAL(12,2)", true));

    @TempDir
    Path directory;

    private final DuckDbEngine engine = new DuckDbEngine();
    private Path ordersFile;
    private Path customersFile;
    private Path canary;

    @BeforeEach
    void writeData() throws Exception {
        ordersFile = directory.resolve("lake/orders/part-0.parquet");
        customersFile = directory.resolve("lake/customers/part-0.parquet");
        Files.createDirectories(ordersFile.getParent());
        Files.createDirectories(customersFile.getParent());
        canary = directory.resolve("canary.csv");
        Files.writeString(canary, "secret\ncanary-value\n");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT range AS id, 'user' || range || '@example.com' AS email,"
                    + " CASE WHEN range % 2 = 0 THEN 'DE' ELSE 'FR' END AS country,"
                    + " CAST(range * 10.5 AS DECIMAL(12,2)) AS amount FROM range(10)) TO '" + ordersFile
                    + "' (FORMAT parquet)");
            statement.execute("COPY (SELECT 'user' || range || '@example.com' AS email, 'name' || range AS name"
                    + " FROM range(5)) TO '" + customersFile + "' (FORMAT parquet)");
        }
    }

    private GovernedSession open(ReadDecision orders) {
        List<GovernedView> views = new ArrayList<>();
        views.add(new GovernedView(ORDERS, List.of(ordersFile), ORDER_SCHEMA, orders));
        views.add(new GovernedView(CUSTOMERS, List.of(customersFile), List.of(new TableColumn("email", "VARCHAR", true),
                new TableColumn("name", "VARCHAR", true)), new ReadDecision(CUSTOMERS,
                List.of(ColumnAccess.masked("email", MaskStrategy.HASH), ColumnAccess.clear("name")), List.of(), "owner",
                Optional.empty())));
        return engine.openGoverned(SessionOptions.of("read-test", List.of()).withTempDirectory(directory.resolve("tmp")),
                SALT, views);
    }

    private static ReadDecision maskedEmailGermanyOnly() {
        return new ReadDecision(ORDERS, List.of(ColumnAccess.clear("id"), ColumnAccess.masked("email",
                MaskStrategy.REDACT), ColumnAccess.clear("country"), ColumnAccess.clear("amount")),
                List.of(Predicate.of("country", Operator.EQ, "DE")), "grant g-1", Optional.empty());
    }

    private static List<List<Object>> rows(ResultCursor cursor) {
        try (cursor) {
            List<List<Object>> rows = new ArrayList<>();
            while (cursor.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < cursor.columns().size(); i++) {
                    row.add(cursor.value(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void aReadSeesOnlyAllowedColumnsMaskedValuesAndFilteredRows() {
        ReadDecision decision = new ReadDecision(ORDERS, List.of(ColumnAccess.clear("id"),
                ColumnAccess.masked("email", MaskStrategy.PARTIAL)), List.of(Predicate.of("country", Operator.EQ, "DE")),
                "grant g-1", Optional.empty());
        try (GovernedSession session = open(decision)) {
            ResultCursor cursor = session.read(new ProductRead(ORDERS, List.of(), List.of(), List.of(
                    new Ordering("id", false, false)), 100, 0));
            assertThat(cursor.columns()).extracting(TableColumn::name).containsExactly("id", "email");
            List<List<Object>> rows = rows(cursor);
            assertThat(rows).extracting(row -> row.get(0)).containsExactly(0L, 2L, 4L, 6L, 8L);
            assertThat(rows.get(1).get(1)).isEqualTo("*************.com");
        }
    }

    @Test
    void filtersOrderAndPagingBindValuesCastToTheColumnType() {
        try (GovernedSession session = open(maskedEmailGermanyOnly())) {
            List<List<Object>> rows = rows(session.read(new ProductRead(ORDERS, List.of("id", "amount"),
                    List.of(Predicate.of("amount", Operator.GT, "20"), new Predicate("id", Operator.IN,
                            List.of("6", "8"), true)), List.of(new Ordering("amount", true, false)), 10, 1)));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get(0)).isEqualTo(2L);
            assertThat(rows(session.read(new ProductRead(ORDERS, List.of("id"),
                    List.of(Predicate.of("email", Operator.LIKE, "user%")), List.of(), 10, 0)))).isEmpty();
        }
    }

    @Test
    void aFilterValueThatIsNotOfTheColumnTypeNamesTheColumn() {
        try (GovernedSession session = open(maskedEmailGermanyOnly())) {
            assertThatThrownBy(() -> session.read(new ProductRead(ORDERS, List.of(),
                    List.of(Predicate.of("amount", Operator.EQ, "1 OR 1=1")), List.of(), 10, 0)))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("column 'amount'");
            // decided in Java (overflow, too many integer digits) and by DuckDB (a word): the same message
            assertThatThrownBy(() -> session.read(new ProductRead(ORDERS, List.of(),
                    List.of(Predicate.of("id", Operator.EQ, "9223372036854775808")), List.of(), 10, 0)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("filter: '9223372036854775808' is not a BIGINT value for column 'id'");
            assertThatThrownBy(() -> session.read(new ProductRead(ORDERS, List.of(),
                    List.of(new Predicate("amount", Operator.IN, List.of("1.5", "12345678901.5"), true)), List.of(), 10,
                    0))).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("filter: '12345678901.5' is not a DECIMAL(12,2) value for column 'amount'");
            assertThatThrownBy(() -> session.read(new ProductRead(ORDERS, List.of(),
                    List.of(Predicate.of("id", Operator.EQ, "seven")), List.of(), 10, 0)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("filter: 'seven' is not a BIGINT value for column 'id'");
            // forms only DuckDB decides still read: 0e0 is 0 for a BIGINT
            assertThat(rows(session.read(new ProductRead(ORDERS, List.of("id"),
                    List.of(Predicate.of("id", Operator.EQ, "0e0")), List.of(), 10, 0)))).containsExactly(List.of(0L));
            assertThatThrownBy(() -> session.read(new ProductRead(ORDERS, List.of("\"id\"; DROP"), List.of(), List.of(),
                    10, 0))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("select:");
        }
    }

    @Test
    void hashedValuesJoinAcrossProductsAndStayStableAcrossSessions() {
        ReadDecision hashed = new ReadDecision(ORDERS, List.of(ColumnAccess.clear("id"),
                ColumnAccess.masked("email", MaskStrategy.HASH)), List.of(), "owner", Optional.empty());
        String sql = "SELECT o.id, c.name, o.email FROM \"dp.sales.orders\" o JOIN \"dp.customer.profiles\" c"
                + " USING (email) ORDER BY o.id";
        List<List<Object>> first;
        try (GovernedSession session = open(hashed)) {
            first = rows(session.query(sql, 100));
        }
        try (GovernedSession session = open(hashed)) {
            assertThat(rows(session.query(sql, 100))).isEqualTo(first);
        }
        assertThat(first).hasSize(5);
        assertThat((String) first.get(0).get(2)).hasSize(64).doesNotContain("@");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM \"dp.sales.orders\"",
        "SELECT email AS e FROM \"dp.sales.orders\"",
        "SELECT CAST(email AS BLOB) AS e FROM \"dp.sales.orders\"",
        "SELECT max(email) FROM \"dp.sales.orders\"",
        "SELECT string_agg(email, ',') FROM \"dp.sales.orders\"",
        "SELECT (SELECT min(email) FROM \"dp.sales.orders\") AS e",
        "WITH x AS (SELECT email FROM \"dp.sales.orders\") SELECT * FROM x",
    })
    void maskedColumnsStayMaskedWhateverTheQueryDoes(String sql) {
        try (GovernedSession session = open(maskedEmailGermanyOnly())) {
            for (List<Object> row : rows(session.query(sql, 100))) {
                for (Object value : row) {
                    String text = value instanceof byte[] bytes ? new String(bytes) : String.valueOf(value);
                    assertThat(text).doesNotContain("@example.com");
                }
            }
        }
    }

    @Test
    void rowsOutsideTheRowFilterCannotBeCounted() {
        try (GovernedSession session = open(maskedEmailGermanyOnly())) {
            assertThat(rows(session.query("SELECT count(*) FROM \"dp.sales.orders\" WHERE country = 'FR'", 10)))
                    .containsExactly(List.of(0L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM read_csv('%CANARY%')",
        "SELECT * FROM read_text('%CANARY%')",
        "SELECT * FROM '%CANARY%'",
        "SELECT * FROM read_parquet('%ORDERS%')",
        "SELECT * FROM glob('/etc/*')",
        "COPY (SELECT 1) TO '%OUT%'",
        "ATTACH '%OUT%' AS x",
        "INSTALL httpfs",
        "LOAD httpfs",
        "PRAGMA database_list",
        "SET enable_external_access = true",
        "SELECT 1; SELECT * FROM read_csv('%CANARY%')",
        "SELECT 1 /* ; */ ; COPY (SELECT 1) TO '%OUT%'",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM duckdb_settings",
        "SELECT * FROM information_schema.tables",
        "SELECT * FROM system.main.duckdb_tables",
        "SELECT current_setting('allowed_paths')",
        "SELECT * FROM dp.sales.orders",
        "SELECT * FROM \"dp.sales\u200b.orders\"",
        "SELECT * FROM \u201cdp.sales.orders\u201d",
        "SELECT * FROM \"dp.secret.stuff\"",
        "SELECT * FROM query('SELECT 1')",
        "DESCRIBE \"dp.sales.orders\"",
        "SUMMARIZE \"dp.sales.orders\"",
        "SELECT * FROM \"dp.sales.orders\" WHERE id = ?",
        "CREATE TABLE t AS SELECT 1",
        "DELETE FROM \"dp.sales.orders\"",
    })
    void attacksAreRefusedAndNothingIsReadOrWritten(String template) {
        Path out = directory.resolve("written.out");
        String sql = template.replace("%CANARY%", canary.toString()).replace("%ORDERS%", ordersFile.toString())
                .replace("%OUT%", out.toString());
        try (GovernedSession session = open(maskedEmailGermanyOnly())) {
            assertThatThrownBy(() -> rows(session.query(sql, 100)))
                    .isInstanceOf(InvalidArgumentException.class);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void evenWithoutTheGuardTheSessionCannotTouchFilesOrItsSettings() throws Exception {
        Path out = directory.resolve("written.out");
        try (GovernedDuckDbSession session = (GovernedDuckDbSession) open(maskedEmailGermanyOnly())) {
            SessionDatabase database = databaseOf(session);
            for (String sql : List.of("SELECT * FROM read_csv('" + canary + "')", "COPY (SELECT 1) TO '" + out + "'",
                    "ATTACH '" + out + "' AS x", "SET enable_external_access = true", "SET allowed_paths = []",
                    "INSTALL httpfs", "LOAD httpfs")) {
                assertThatThrownBy(() -> database.update("attack", sql)).as(sql).isInstanceOf(MeshException.class);
            }
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aSessionWithoutProductsOrWithAnEmptySnapshotStillWorks() {
        try (GovernedSession session = engine.openGoverned(SessionOptions.of("read-test", List.of()), SALT, List.of())) {
            assertThat(rows(session.query("SELECT 42 AS answer", 10))).containsExactly(List.of(42));
        }
        GovernedView empty = new GovernedView(ORDERS, List.of(), ORDER_SCHEMA, maskedEmailGermanyOnly());
        try (GovernedSession session = engine.openGoverned(SessionOptions.of("read-test", List.of()), SALT,
                List.of(empty))) {
            assertThat(rows(session.query("SELECT count(*) FROM \"dp.sales.orders\"", 10))).containsExactly(List.of(0L));
        }
    }

    @Test
    void parquetExportsGoToThePrivateDirectoryAndAreDeletedOnClose() throws Exception {
        Path exported;
        try (GovernedSession session = open(maskedEmailGermanyOnly())) {
            org.meshwork.api.engine.ExportedFile export = session.exportParquet(
                    new ProductRead(ORDERS, List.of(), List.of(), List.of(), 100, 0));
            assertThat(export.rows()).isEqualTo(5);
            exported = export.file();
            assertThat(exported).exists().isRegularFile();
            assertThat(Files.size(exported)).isPositive();
        }
        assertThat(exported).doesNotExist();
    }

    private static SessionDatabase databaseOf(GovernedDuckDbSession session) throws Exception {
        java.lang.reflect.Field field = GovernedDuckDbSession.class.getDeclaredField("database");
        field.setAccessible(true);
        return (SessionDatabase) field.get(session);
    }
}
