package org.meshwork.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.api.engine.EngineSession;
import org.meshwork.api.engine.LoadResult;
import org.meshwork.api.engine.SessionOptions;
import org.meshwork.api.engine.SourceInput;
import org.meshwork.api.table.TableColumn;
import org.meshwork.testing.engine.TestSources;

/** Every source kind against real files, a real SQLite database and a real HTTP server. */
class DuckDbSourcesIT {

    @TempDir
    Path directory;

    private EngineSession session;
    private HttpServer server;

    @BeforeEach
    void open() {
        session = new DuckDbEngine().openSession(SessionOptions.of("run-it", List.of(directory)));
    }

    @AfterEach
    void close() {
        session.close();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void csvGlobReadsEveryMatchingFile() throws IOException {
        write("in/a.csv", "id,name\n1,a\n2,b\n");
        write("in/b.csv", "id,name\n3,c\n");
        write("in/skip.txt", "id,name\n9,z\n");

        LoadResult result = session.load(TestSources.csv("items", "in/*.csv", Map.of("id", "INTEGER")), input());

        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(ids("items")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void malformedCsvLinesAreQuarantinedWithTheirLineAndText() throws IOException {
        write("orders.csv", "id,amount\n1,1.00\n2\n3,3.00,extra\n4,x\n");

        LoadResult result = session.load(TestSources.csv("orders", "orders.csv",
                columns("id", "BIGINT", "amount", "DECIMAL(12,2)")), input());

        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(1);
        String file = directory.resolve("orders.csv").toString();
        assertThat(session.query("SELECT line, reason, record FROM _quarantine ORDER BY line NULLS LAST", List.of(),
                row -> row.value(0) + "|" + row.value(1) + "|" + row.value(2))).containsExactly(
                "3|CSV line rejected in " + file + ": MISSING COLUMNS (Expected Number of Columns: 2 Found: 1)|2",
                "4|CSV line rejected in " + file + ": TOO MANY COLUMNS (Expected Number of Columns: 2 Found: 3)|3,3.00,extra",
                "5|column amount: 'x' is not a valid DECIMAL(12,2)|{\"id\":\"4\",\"amount\":\"x\"}");
    }

    @Test
    void typedCsvReadGivesEveryProblemOfARowAndChecksNotNullAfterwards() throws IOException {
        write("orders.csv", "id,amount,qty,note\n1,1.00,2,a\nx,abc,3,b\n,2.00,1,c\n,zz,4,d\n5,1.50,two,e\n6,1.00,1,f,g\n7,3,,h\n");

        LoadResult result = session.load(TestSources.csv("orders", "orders.csv",
                columns("id", "BIGINT NOT NULL", "amount", "DECIMAL(12,2)", "qty", "INTEGER")), input());

        assertThat(result.rowsRead()).isEqualTo(7);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsQuarantined()).isEqualTo(5);
        assertThat(session.query("SELECT id, amount, qty, note FROM orders ORDER BY id", List.of(),
                row -> row.value(0) + "|" + row.value(1) + "|" + row.value(2) + "|" + row.value(3)))
                .containsExactly("1|1.00|2|a", "7|3.00|null|h");
        String file = directory.resolve("orders.csv").toString();
        assertThat(session.query("SELECT line, reason, record FROM _quarantine ORDER BY line NULLS LAST", List.of(),
                row -> row.value(0) + "|" + row.value(1) + "|" + row.value(2))).containsExactly(
                "3|column id: 'x' is not a valid BIGINT; column amount: 'abc' is not a valid DECIMAL(12,2)"
                        + "|{\"id\":\"x\",\"amount\":\"abc\",\"qty\":\"3\",\"note\":\"b\"}",
                "5|column id: NULL in a NOT NULL column; column amount: 'zz' is not a valid DECIMAL(12,2)"
                        + "|{\"id\":null,\"amount\":\"zz\",\"qty\":\"4\",\"note\":\"d\"}",
                "6|column qty: 'two' is not a valid INTEGER|{\"id\":\"5\",\"amount\":\"1.50\",\"qty\":\"two\",\"note\":\"e\"}",
                "7|CSV line rejected in " + file + ": TOO MANY COLUMNS (Expected Number of Columns: 4 Found: 5)|6,1.00,1,f,g",
                "null|column id: NULL in a NOT NULL column|{\"id\":null,\"amount\":\"2.00\",\"qty\":\"1\",\"note\":\"c\"}");
        assertThat(session.describe(result.relation())).extracting(TableColumn::type)
                .containsExactly("BIGINT", "DECIMAL(12,2)", "INTEGER", "VARCHAR");
    }

    @Test
    void csvOptionsAreApplied() throws IOException {
        write("semi.csv", "1;x\n2;y\n");

        LoadResult result = session.load(TestSources.file("items", SourceType.CSV, "semi.csv",
                Map.of("delimiter", ";", "header", "false"), Map.of()), input());

        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(session.describe(result.relation())).extracting(TableColumn::name).containsExactly("column0", "column1");
    }

    @Test
    void newlineDelimitedJsonQuarantinesMalformedLinesWithTheirLineNumbers() throws IOException {
        write("events.ndjson", """
                {"id": 1, "amount": "10.5", "tags": ["a"]}
                {"id": 2, "amount": "x"}
                {"id": 3, "amount":
                [1, 2]

                {"id": 4}
                """);

        LoadResult result = session.load(TestSources.file("events", SourceType.JSON, "events.ndjson", Map.of(),
                columns("id", "BIGINT NOT NULL", "amount", "DECIMAL(12,2)")), input());

        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsQuarantined()).isEqualTo(3);
        assertThat(ids("events")).containsExactly(1L, 4L);
        assertThat(quarantine()).containsExactly(
                "2|column amount: 'x' is not a valid DECIMAL(12,2)",
                "3|malformed JSON in " + directory.resolve("events.ndjson") + ": Unexpected end-of-input within/between Object entries",
                "4|record in " + directory.resolve("events.ndjson") + " is not a JSON object");
        assertThat(session.query("SELECT record FROM _quarantine WHERE line = 2", List.of(), row -> row.value(0)))
                .containsExactly("{\"id\":2,\"amount\":\"x\",\"tags\":null}");
    }

    @Test
    void jsonArrayKeepsObjectsAndQuarantinesOtherElements() throws IOException {
        write("items.json", """
                [
                  {"id": 1, "name": "a"},
                  {"id": 2, "name": "b"},
                  "not an object"
                ]
                """);

        LoadResult result = session.load(TestSources.file("items", SourceType.JSON, "items.json", Map.of(), Map.of()),
                input());

        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsQuarantined()).isEqualTo(1);
        assertThat(session.describe(result.relation())).extracting(TableColumn::name).containsExactly("id", "name");
        assertThat(quarantine()).containsExactly("4|element of the array in " + directory.resolve("items.json")
                + " is not a JSON object");
    }

    @Test
    void aBrokenJsonArrayFailsWithItsPosition() throws IOException {
        write("broken.json", "[\n{\"id\": 1},\n{\"id\": \n");

        assertThatThrownBy(() -> session.load(TestSources.file("items", SourceType.JSON, "broken.json", Map.of(),
                Map.of()), input())).isInstanceOf(MeshException.class)
                .hasMessageContaining("source items: " + directory.resolve("broken.json") + " is not valid JSON at line");
    }

    @Test
    void parquetGlobReadsEveryFile() throws Exception {
        Files.createDirectories(directory.resolve("pq"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT range AS id FROM range(3)) TO '" + directory.resolve("pq/a.parquet") + "'");
            statement.execute("COPY (SELECT range + 3 AS id FROM range(2)) TO '" + directory.resolve("pq/b.parquet") + "'");
        }

        LoadResult result = session.load(TestSources.file("numbers", SourceType.PARQUET, "pq/*.parquet", Map.of(),
                Map.of()), input());

        assertThat(result.rowsLoaded()).isEqualTo(5);
        assertThat(ids("numbers")).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void productReadsExactlyTheListedFiles() throws Exception {
        Path first = directory.resolve("upstream/part-1.parquet");
        Path second = directory.resolve("upstream/part-2.parquet");
        Path unlisted = directory.resolve("upstream/part-3.parquet");
        Files.createDirectories(first.getParent());
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT 1 AS id) TO '" + first + "'");
            statement.execute("COPY (SELECT 2 AS id) TO '" + second + "'");
            statement.execute("COPY (SELECT 3 AS id) TO '" + unlisted + "'");
        }

        LoadResult result = session.load(TestSources.product("orders", "dp.sales.orders"),
                SourceInput.ofProduct(List.of(first, second), List.of()));

        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(ids("orders")).containsExactly(1L, 2L);
    }

    @Test
    void aProductWithoutFilesIsEmptyWithItsColumns() {
        LoadResult result = session.load(TestSources.product("orders", "dp.sales.orders"), SourceInput.ofProduct(
                List.of(), List.of(new TableColumn("id", "BIGINT", false), new TableColumn("amount", "DECIMAL(12,2)", true))));

        assertThat(result.rowsLoaded()).isZero();
        assertThat(session.describe(result.relation())).extracting(TableColumn::type)
                .containsExactly("BIGINT", "DECIMAL(12,2)");
    }

    @Test
    void jdbcTableFromSqliteQuarantinesValuesThatBreakDeclaredTypes() throws Exception {
        String url = sqlite();

        LoadResult result = session.load(TestSources.jdbcTable("orders", url, "order lines",
                columns("amount", "DECIMAL(12,2) NOT NULL"), Optional.of("ORDERS_DB")),
                input().withEnvironment(Map.of("ORDERS_DB", "reader:s3cr:et")));

        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(quarantine()).containsExactlyInAnyOrder(
                "null|column amount: 'abc' is not a valid DECIMAL(12,2)",
                "null|column amount: NULL in a NOT NULL column");
        assertThat(session.describe(result.relation())).containsExactly(
                new TableColumn("id", "BIGINT", true),
                new TableColumn("amount", "DECIMAL(12,2)", false),
                new TableColumn("note", "VARCHAR", true),
                new TableColumn("price", "DOUBLE", true),
                new TableColumn("payload", "BLOB", true));
        assertThat(session.query("SELECT amount, note, price, payload FROM orders WHERE id = 1", List.of(),
                row -> List.of(row.value(0), row.value(1), row.value(2), ((byte[]) row.value(3)).length)))
                .containsExactly(List.of(new BigDecimal("10.50"), "first", 1.5, 3));
    }

    @Test
    void jdbcQueryRunsInTheSourceDatabase() throws Exception {
        String url = sqlite();

        LoadResult result = session.load(TestSources.jdbcQuery("cheap", url,
                "SELECT id FROM \"order lines\" WHERE price < 3", Map.of()), input());

        assertThat(result.rowsLoaded()).isEqualTo(2);
    }

    @Test
    void jdbcCredentialsMustBeInTheNamedVariable() throws Exception {
        String url = sqlite();

        assertThatThrownBy(() -> session.load(TestSources.jdbcTable("orders", url, "order lines", Map.of(),
                Optional.of("MISSING_VAR")), input()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("source orders: environment variable MISSING_VAR named by credentials_env is not set");
    }

    @Test
    void httpFollowsNumberedPagesUntilAnEmptyPage() throws IOException {
        List<String> requests = serve("/orders", query -> {
            int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
            return switch (page) {
                case 1 -> "{\"data\": [{\"id\": 1, \"amount\": \"1.00\"}, {\"id\": 2, \"amount\": \"2.00\"}]}";
                case 2 -> "{\"data\": [{\"id\": 3, \"amount\": \"oops\"}, 42]}";
                case 3 -> "{\"data\": [{\"id\": 4, \"amount\": \"4.00\"}]}";
                default -> "{\"data\": []}";
            };
        });

        LoadResult result = session.load(TestSources.http("orders", url("/orders"), Map.of("records_path", "data",
                "page_param", "page", "page_size", "2"), columns("amount", "DECIMAL(12,2)")), input());

        assertThat(requests).containsExactly("page=1&page_size=2", "page=2&page_size=2", "page=3&page_size=2",
                "page=4&page_size=2");
        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(ids("orders")).containsExactly(1L, 2L, 4L);
        assertThat(quarantine()).containsExactlyInAnyOrder(
                "null|column amount: 'oops' is not a valid DECIMAL(12,2)",
                "null|record 2 of page 2 (" + url("/orders") + "?page=2&page_size=2) is not a JSON object");
    }

    @Test
    void httpFollowsNextLinks() throws IOException {
        serve("/items", query -> switch (query == null ? "" : query) {
            case "" -> "{\"items\": [{\"id\": 1}], \"links\": {\"next\": \"/items?cursor=b\"}}";
            case "cursor=b" -> "{\"items\": [{\"id\": 2}], \"links\": {\"next\": \"/items?cursor=c\"}}";
            default -> "{\"items\": [{\"id\": 3}], \"links\": {\"next\": null}}";
        });

        LoadResult result = session.load(TestSources.http("items", url("/items"), Map.of("records_path", "/items",
                "next_link_path", "/links/next"), Map.of()), input());

        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(ids("items")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void httpFailsRatherThanStopEarly() throws IOException {
        serve("/endless", query -> "{\"data\": [{\"id\": 1}]}");

        assertThatThrownBy(() -> session.load(TestSources.http("endless", url("/endless"), Map.of("records_path", "data",
                "page_param", "page", "max_pages", "3"), Map.of()), input()))
                .isInstanceOf(MeshException.class)
                .hasMessage("source endless: the API has more than 3 pages; raise option max_pages to read them all");
    }

    @Test
    void cancelStopsWaitingForASlowApi() throws Exception {
        serve("/slow", query -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "[]";
        });
        var loading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                session.load(TestSources.http("slow", url("/slow"), Map.of(), Map.of("id", "BIGINT")), input());
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(300);
        long cancelledAt = System.nanoTime();

        session.cancel();

        assertThat(loading.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(org.meshwork.api.engine.QueryCancelledException.class);
        assertThat(System.nanoTime() - cancelledAt).isLessThan(1_000_000_000L);
    }

    @Test
    void unknownOptionsAreNamed() throws IOException {
        write("a.csv", "id\n1\n");

        assertThatThrownBy(() -> session.load(TestSources.file("a", SourceType.CSV, "a.csv", Map.of("delim", ";"),
                Map.of()), input())).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("source a: unknown option 'delim'; known options are [date_format, delimiter");
    }

    @Test
    void declaredTypesMustBeTypesAndColumnsMustExist() throws IOException {
        write("a.csv", "id\n1\n");

        assertThatThrownBy(() -> session.load(TestSources.csv("a", "a.csv", Map.of("id", "BIGINT); DROP TABLE x; --")),
                input())).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> session.load(TestSources.csv("a", "a.csv", Map.of("id", "NUMBERISH")), input()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'NUMBERISH' is not a type DuckDB knows");
        assertThatThrownBy(() -> session.load(TestSources.file("a", SourceType.JSON, "a.json", Map.of(), Map.of()),
                input())).isInstanceOf(MeshException.class).hasMessageContaining("no file");
    }

    private List<Long> ids(String relation) {
        return session.query("SELECT CAST(id AS BIGINT) FROM " + relation + " ORDER BY id", List.of(),
                row -> (Long) row.value(0));
    }

    private List<String> quarantine() {
        return session.query("SELECT line, reason FROM " + EngineSession.QUARANTINE_RELATION + " ORDER BY line, reason",
                List.of(), row -> row.value(0) + "|" + row.value(1));
    }

    private String sqlite() throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve("orders.db");
        try (Connection sqlite = DriverManager.getConnection(url); Statement statement = sqlite.createStatement()) {
            statement.execute("CREATE TABLE \"order lines\" (id BIGINT, amount TEXT, note TEXT, price DOUBLE, payload BLOB)");
            try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO \"order lines\" VALUES (?, ?, ?, ?, ?)")) {
                Object[][] rows = {{1L, "10.50", "first", 1.5, new byte[] {1, 2, 3}}, {2L, "abc", "bad", 2.5, null},
                        {3L, null, "missing", 3.5, null}, {4L, "4", null, 4.5, null}};
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.executeUpdate();
                }
            }
        }
        return url;
    }

    private List<String> serve(String path, java.util.function.Function<String, String> pages) throws IOException {
        List<String> requests = new ArrayList<>();
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.start();
        }
        server.createContext(path, exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            synchronized (requests) {
                requests.add(query);
            }
            byte[] body = pages.apply(query).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        return requests;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private SourceInput input() {
        return SourceInput.of(directory).withEnvironment(Map.of());
    }

    private void write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Map<String, String> columns(String... namesAndTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return columns;
    }
}
