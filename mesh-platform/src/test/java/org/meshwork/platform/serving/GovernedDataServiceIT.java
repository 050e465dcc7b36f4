package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meshwork.platform.serving.ServingFixture.ADMIN;
import static org.meshwork.platform.serving.ServingFixture.CITIES;
import static org.meshwork.platform.serving.ServingFixture.PEOPLE;
import static org.meshwork.platform.serving.ServingFixture.query;
import static org.meshwork.platform.serving.ServingFixture.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ErrorCategory;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.UserName;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.engine.duckdb.DuckDbEngine;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.ServingSettings;
import org.meshwork.testing.access.FixedAccessController;
import org.meshwork.testing.access.RecordingAuditLog;

/**
 * The governed read path on the real stack (SQLite metadata, DuckDB, Delta tables), with a hand-written access
 * controller and audit log standing in for access control's.
 */
class GovernedDataServiceIT {
    private static final UserName ANA = UserName.of("ana");
    private static final Principal ANALYST = new Principal(ANA, PrincipalKind.USER, Set.of(), Set.of());
    private static final String PEOPLE_CSV = """
            1,ann@example.com,DE,10.50,1.5,2026-01-01 10:00:00
            2,"bob ""the"" builder, jr@example.com",FR,20.00,NaN,2026-01-02 11:00:00
            3,,DE,,,
            4,dan@example.com,US,99999999.99,-2.25,2026-01-04 00:00:00
            5,eve@example.com,DE,5.00,0,2026-01-05 12:30:00
            """;

    @TempDir
    Path directory;

    private final ObjectMapper json = new ObjectMapper();
    private final FixedAccessController access = new FixedAccessController();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private Mesh mesh;
    private GovernedDataService service;

    @BeforeEach
    void setUp() throws Exception {
        Path home = directory.resolve("ws");
        ServingFixture.writeWorkspace(home, "");
        mesh = Mesh.open(home, Map.of());
        ServingFixture.applyProducts(mesh, directory, PEOPLE_CSV);
        ServingFixture.run(mesh, PEOPLE);
        ServingFixture.run(mesh, CITIES);
        service = service(ServingSettings.defaults());
    }

    private GovernedDataService service(ServingSettings settings) {
        return service(settings, audit);
    }

    private GovernedDataService service(ServingSettings settings, AuditLog audit) {
        return new GovernedDataService(mesh.products(), mesh.tables(), new DuckDbEngine(), access, audit, settings,
                mesh.workspace().config().engine(), () -> MaskSalt.load(mesh.workspace().home()), Clock.systemUTC(),
                mesh.encryption());
    }

    @AfterEach
    void tearDown() {
        service.close();
        mesh.close();
    }

    private void allowPeople(List<ColumnAccess> columns, List<Predicate> rowFilter) {
        access.allow(ANA, PEOPLE, columns, rowFilter);
    }

    private JsonNode readJson(Map<String, List<String>> parameters) throws Exception {
        return json.readTree(write(service.read(ANALYST, PEOPLE, DataRequestParser.parse(parameters),
                RequestContext.local()), ResultFormat.JSON));
    }

    @Test
    void filtersSelectOrderAndPagesWithACursorPinnedToTheVersion() throws Exception {
        allowPeople(FixedAccessController.clear("id", "email", "country", "amount", "score", "created_at"), List.of());
        String germans = write(service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("country=eq.DE",
                "amount=not.is.null", "select=id,amount", "order=amount.desc")), RequestContext.local()), ResultFormat.JSON);
        assertThat(germans).isEqualTo("[{\"id\":1,\"amount\":10.50},{\"id\":5,\"amount\":5.00}]");

        ResultStream first = service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("order=id", "limit=2",
                "select=id")), RequestContext.local());
        assertThat(write(first, ResultFormat.CSV)).isEqualTo("id\r\n1\r\n2\r\n");
        String cursor = first.nextCursor().orElseThrow();

        // a new version is published between the pages: the cursor still reads the version of the first page
        Files.writeString(directory.resolve("lab/people.csv"), "id,email,country,amount,score,created_at\n9,z@z,DE,1,1,\n");
        ServingFixture.run(mesh, PEOPLE);
        ResultStream second = service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("order=id", "limit=2",
                "select=id", "cursor=" + cursor)), RequestContext.local());
        assertThat(write(second, ResultFormat.CSV)).isEqualTo("id\r\n3\r\n4\r\n");
        ResultStream last = service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("order=id", "limit=2",
                "select=id", "cursor=" + second.nextCursor().orElseThrow())), RequestContext.local());
        assertThat(write(last, ResultFormat.CSV)).isEqualTo("id\r\n5\r\n");
        assertThat(last.nextCursor()).isEmpty();

        assertThat(readJson(query("select=id")).toString()).isEqualTo("[{\"id\":9}]");
        assertThat(readJson(query("select=id", "version=0", "id=in.(1,2,77)")).toString())
                .isEqualTo("[{\"id\":1},{\"id\":2}]");
        assertThat(readJson(query("select=id", "as_of=" + Instant.now().plusSeconds(3600))).toString())
                .isEqualTo("[{\"id\":9}]");
        assertThatThrownBy(() -> readJson(query("as_of=2000-01-01"))).isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).errorCode().category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void jsonKeepsExactDecimalsTimestampsNullsAndNaN() throws Exception {
        allowPeople(FixedAccessController.clear("id", "email", "amount", "score", "created_at"), List.of());
        JsonNode rows = readJson(query("order=id"));
        assertThat(rows.get(3).get("amount").decimalValue()).isEqualByComparingTo("99999999.99");
        assertThat(rows.get(3).get("amount").isBigDecimal() || rows.get(3).get("amount").isNumber()).isTrue();
        assertThat(rows.get(1).get("score").asText()).isEqualTo("NaN");
        assertThat(rows.get(0).get("created_at").asText()).isEqualTo("2026-01-01T10:00:00");
        assertThat(rows.get(2).get("email").isNull()).isTrue();
        assertThat(rows.get(1).get("email").asText()).isEqualTo("bob \"the\" builder, jr@example.com");
    }

    @Test
    void csvNdjsonAndParquetCarryTheSameRows() throws Exception {
        allowPeople(FixedAccessController.clear("id", "email", "country"), List.of());
        String csv = write(service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("order=id", "limit=3",
                "select=id,email")),
                RequestContext.local()), ResultFormat.CSV);
        assertThat(csv).isEqualTo("id,email\r\n1,ann@example.com\r\n2,\"bob \"\"the\"\" builder, jr@example.com\"\r\n3,\r\n");

        String ndjson = write(service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("order=id", "select=id")),
                RequestContext.local()), ResultFormat.NDJSON);
        assertThat(ndjson.lines()).hasSize(5).first().isEqualTo("{\"id\":1}");

        ByteArrayOutputStream parquet = new ByteArrayOutputStream();
        try (ResultStream stream = service.read(ANALYST, PEOPLE, DataRequestParser.parse(query("country=eq.DE",
                "select=id,email")),
                RequestContext.local())) {
            assertThat(stream.writeTo(ResultFormat.PARQUET, parquet)).isEqualTo(3);
        }
        Path file = directory.resolve("out.parquet");
        Files.write(file, parquet.toByteArray());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet result = connection.createStatement().executeQuery(
                        "SELECT count(*), string_agg(email, ';' ORDER BY id) FROM read_parquet('" + file + "')")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(3);
            assertThat(result.getString(2)).isEqualTo("ann@example.com;eve@example.com");
        }
        assertThat(audit.last().details()).containsEntry("rows", "3").containsEntry("filter", "country=eq.DE");
    }

    @Test
    void masksAndRowFiltersApplyToReadsAndQueriesAndEveryReadIsAudited() throws Exception {
        allowPeople(List.of(ColumnAccess.clear("id"), ColumnAccess.masked("email", MaskStrategy.HASH),
                ColumnAccess.clear("country")), List.of(Predicate.of("country", Operator.IN, "DE", "US")));
        access.allow(ANA, CITIES, FixedAccessController.clear("country", "city"), List.of());

        JsonNode rows = readJson(query("order=id"));
        assertThat(rows).hasSize(4);
        assertThat(rows.toString()).doesNotContain("@example.com").doesNotContain("FR");
        String hash = rows.get(0).get("email").asText();
        assertThat(hash).hasSize(64);
        assertThat(readJson(query("email=eq." + hash, "select=id")).toString()).isEqualTo("[{\"id\":1}]");
        assertThat(readJson(query("email=like.*example*"))).isEmpty();

        String sql = "SELECT p.id, p.email, max(p.email) OVER () AS top, CAST(p.email AS BLOB) AS raw, c.city"
                + " FROM \"dp.lab.people\" p JOIN \"dp.lab.cities\" c USING (country) ORDER BY p.id";
        String result = write(service.query(ANALYST, sql, new RequestContext(Optional.of("churn study"),
                Optional.of("10.0.0.7"))), ResultFormat.JSON);
        assertThat(json.readTree(result)).hasSize(3);
        assertThat(result).contains(hash).contains("Berlin").doesNotContain("@example.com").doesNotContain("Paris");

        List<AuditEvent> queries = audit.events().stream().filter(e -> e.action().equals("query")).toList();
        assertThat(queries).extracting(e -> e.product().orElseThrow()).containsExactly(PEOPLE, CITIES);
        AuditEvent event = queries.get(0);
        assertThat(event.outcome()).isEqualTo("allowed");
        assertThat(event.clientAddress()).contains("10.0.0.7");
        assertThat(event.details()).containsEntry("rows", "3").containsEntry("purpose", "churn study")
                .containsEntry("masked", "email:hash").containsEntry("row_filter", "country=in.(DE,US)")
                .containsKey("sql").containsKey("versions");
        assertThat(audit.events().stream().filter(e -> e.action().equals("read"))).hasSize(3)
                .allSatisfy(e -> assertThat(e.details()).containsKeys("version", "columns", "rows", "filter"));
    }

    @Test
    void aReaderWithoutAccessIsRefusedAndTheRefusalIsAudited() {
        assertThatThrownBy(() -> service.read(ANALYST, PEOPLE, DataRequest.all(), RequestContext.local()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(audit.last().outcome()).isEqualTo("denied");
        assertThat(audit.last().product()).contains(PEOPLE);

        access.allow(ANA, CITIES, FixedAccessController.clear("country", "city"), List.of());
        assertThatThrownBy(() -> service.query(ANALYST, "SELECT * FROM \"dp.lab.cities\" JOIN \"dp.lab.people\""
                + " USING (country)", RequestContext.local())).isInstanceOf(ForbiddenException.class);
        assertThat(audit.last().outcome()).isEqualTo("denied");
        assertThat(audit.last().action()).isEqualTo("query");
    }

    @Test
    void badRequestsNameTheParameter() {
        allowPeople(FixedAccessController.clear("id", "country"), List.of());
        assertThatThrownBy(() -> readJson(query("email=eq.x"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("filter: 'email' is not a column");
        assertThatThrownBy(() -> readJson(query("id=gt.abc"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'abc' is not a BIGINT value for column 'id'");
        assertThatThrownBy(() -> readJson(query("order=email"))).hasMessageContaining("order: 'email'");
        assertThatThrownBy(() -> readJson(query("limit=5000000"))).hasMessageContaining("limit: 5000000 is more than");
        assertThatThrownBy(() -> readJson(query("version=42"))).isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).errorCode().category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @Test
    void aPrincipalRunsNoMoreQueriesAtOnceThanAllowed() {
        service.close();
        service = service(new ServingSettings(1000, Duration.ofSeconds(30), 1));
        access.allow(ANA, CITIES, FixedAccessController.clear("country", "city"), List.of());
        ResultStream open = service.read(ANALYST, CITIES, DataRequest.all(), RequestContext.local());
        assertThatThrownBy(() -> service.read(ANALYST, CITIES, DataRequest.all(), RequestContext.local()))
                .isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).errorCode()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        open.close();
        assertThat(write(service.read(ANALYST, CITIES, DataRequest.all(), RequestContext.local()), ResultFormat.CSV))
                .contains("Berlin");
    }

    @Test
    void aQueryThatRunsTooLongIsCancelled() {
        service.close();
        service = service(new ServingSettings(1000, Duration.ofSeconds(1), 2));
        access.allow(ANA, CITIES, FixedAccessController.clear("country", "city"), List.of());
        // nothing but the guard's allowed vocabulary: a recursive CTE that counts to a billion
        String slow = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000000)"
                + " SELECT count(*) FROM r, \"dp.lab.cities\"";
        long started = System.nanoTime();
        assertThatThrownBy(() -> write(service.query(ANALYST, slow, RequestContext.local()), ResultFormat.JSON))
                .isInstanceOf(MeshException.class)
                .extracting(e -> ((MeshException) e).errorCode()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(audit.last().outcome()).isEqualTo("failed");
    }

    @Test
    void aSmallResultLeavesOnlyOnceItsReadIsAuditedWithTheRowCount() throws Exception {
        allowPeople(FixedAccessController.clear("id", "email", "country", "amount", "score", "created_at"), List.of());
        FirstWrite output = new FirstWrite(audit);
        try (ResultStream stream = service.read(ANALYST, PEOPLE, DataRequest.all(), RequestContext.local())) {
            assertThat(stream.writeTo(ResultFormat.NDJSON, output)).isEqualTo(5);
        }
        assertThat(output.bytes.toString()).contains("ann@example.com");
        assertThat(output.auditAtFirstWrite.get()).isNotEmpty().last().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo("allowed");
            assertThat(event.details()).containsEntry("rows", "5");
        });
        assertThat(audit.events()).extracting(AuditEvent::outcome).doesNotContain("started");
    }

    @Test
    void aLargeResultRecordsThatTheReadStartedBeforeItsFirstBytesLeave() throws Exception {
        access.allow(ANA, CITIES, FixedAccessController.clear("country", "city"), List.of());
        // ~30 bytes a row, far more than a result is held back for
        String sql = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 20000)"
                + " SELECT r.n, c.city FROM r, \"dp.lab.cities\" c WHERE c.country = 'DE'";
        FirstWrite output = new FirstWrite(audit);
        try (ResultStream stream = service.query(ANALYST, sql, RequestContext.local())) {
            assertThat(stream.writeTo(ResultFormat.NDJSON, output)).isEqualTo(20_000);
        }
        assertThat(output.bytes.size()).isGreaterThan(GovernedResultStream.HOLD_BYTES);
        assertThat(output.auditAtFirstWrite.get()).isNotEmpty().last().satisfies(event -> {
            assertThat(event.action()).isEqualTo("query");
            assertThat(event.product()).contains(CITIES);
            assertThat(event.outcome()).isEqualTo("started");
            assertThat(event.details()).containsKeys("sql", "columns").doesNotContainKey("rows");
        });
        assertThat(audit.last().outcome()).isEqualTo("allowed");
        assertThat(audit.last().details()).containsEntry("rows", "20000");
    }

    @Test
    void aReadThatCannotBeAuditedReturnsNothing() throws Exception {
        allowPeople(FixedAccessController.clear("id", "email", "country", "amount", "score", "created_at"), List.of());
        service.close();
        service = service(ServingSettings.defaults(), event -> {
            throw new MeshException(ErrorCode.INTERNAL, "the audit log is unavailable");
        });
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ResultStream stream = service.read(ANALYST, PEOPLE, DataRequest.all(), RequestContext.local())) {
            assertThatThrownBy(() -> stream.writeTo(ResultFormat.CSV, output)).isInstanceOf(MeshException.class)
                    .hasMessageContaining("the audit log is unavailable");
        }
        assertThat(output.size()).isZero();
    }

    /** An output that notes what the audit log held when the first bytes reached it. */
    private static final class FirstWrite extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicReference<List<AuditEvent>> auditAtFirstWrite = new AtomicReference<>();
        private final RecordingAuditLog audit;

        FirstWrite(RecordingAuditLog audit) {
            this.audit = audit;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int offset, int length) {
            auditAtFirstWrite.compareAndSet(null, audit.events());
            bytes.write(b, offset, length);
        }
    }
}
