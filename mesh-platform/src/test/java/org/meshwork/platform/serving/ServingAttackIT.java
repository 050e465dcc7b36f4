package org.meshwork.platform.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.meshwork.platform.serving.ServingFixture.CITIES;
import static org.meshwork.platform.serving.ServingFixture.PEOPLE;
import static org.meshwork.platform.serving.ServingFixture.query;
import static org.meshwork.platform.serving.ServingFixture.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meshwork.api.ErrorCategory;
import org.meshwork.api.MeshException;
import org.meshwork.api.UserName;
import org.meshwork.api.access.ColumnAccess;
import org.meshwork.api.access.MaskStrategy;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.query.Operator;
import org.meshwork.api.query.Predicate;
import org.meshwork.engine.duckdb.DuckDbEngine;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.workspace.ServingSettings;
import org.meshwork.testing.access.FixedAccessController;
import org.meshwork.testing.access.RecordingAuditLog;

/**
 * The attack suite against the governed read path: SQL and filters that try to read files, write files, change the
 * engine, reach other products or see masked values. Each is refused with a 4xx-category error (invalid argument,
 * forbidden, not found) or answered with masked values only; no file is created and the canary's content never
 * appears; every refusal is in the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingAttackIT {
    private static final Principal MALLORY = new Principal(UserName.of("mallory"), PrincipalKind.USER, Set.of(), Set.of());
    private static final String CANARY_TEXT = "canary-6f1d2c";

    @TempDir
    static Path directory;

    private Mesh mesh;
    private GovernedDataService service;
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private Path canary;
    private Path written;

    @BeforeAll
    void setUp() throws Exception {
        Path home = directory.resolve("ws");
        ServingFixture.writeWorkspace(home, "");
        mesh = Mesh.open(home, Map.of());
        ServingFixture.applyProducts(mesh, directory, "1,ann@example.com,DE,10.50,1.5,2026-01-01 10:00:00\n"
                + "2,bob@example.com,FR,20.00,2,2026-01-02 11:00:00\n");
        ServingFixture.run(mesh, PEOPLE);
        ServingFixture.run(mesh, CITIES);
        canary = directory.resolve("canary.csv");
        Files.writeString(canary, "secret\n" + CANARY_TEXT + "\n");
        written = directory.resolve("stolen.out");
        // mallory may read people with email masked and only German rows; cities not at all
        FixedAccessController access = new FixedAccessController().allow(MALLORY.name(), PEOPLE,
                List.of(ColumnAccess.clear("id"), ColumnAccess.masked("email", MaskStrategy.REDACT),
                        ColumnAccess.clear("country")), List.of(Predicate.of("country", Operator.EQ, "DE")));
        service = new GovernedDataService(mesh.products(), mesh.tables(), new DuckDbEngine(), access, audit,
                ServingSettings.defaults(), mesh.workspace().config().engine(),
                () -> MaskSalt.load(mesh.workspace().home()), Clock.systemUTC(), mesh.encryption());
    }

    @AfterAll
    void tearDown() {
        service.close();
        mesh.close();
    }

    Stream<String> sqlAttacks() {
        return Stream.of(
                "SELECT * FROM read_csv('%CANARY%')",
                "SELECT * FROM read_csv_auto('%CANARY%')",
                "SELECT * FROM '%CANARY%'",
                "SELECT * FROM read_text('/etc/passwd')",
                "SELECT * FROM read_parquet('%LAKE%/**/*.parquet')",
                "SELECT * FROM glob('%LAKE%/*')",
                "COPY (SELECT * FROM \"dp.lab.people\") TO '%OUT%'",
                "COPY \"dp.lab.people\" TO '%OUT%' (FORMAT csv)",
                "EXPORT DATABASE '%OUT%'",
                "ATTACH '%OUT%' AS stolen",
                "INSTALL httpfs",
                "LOAD httpfs",
                "PRAGMA show_tables",
                "SET enable_external_access = true",
                "RESET lock_configuration",
                "CALL pragma_version()",
                "SELECT 1; COPY (SELECT 1) TO '%OUT%'",
                "SELECT 1 -- comment\n; ATTACH '%OUT%' AS x",
                "SELECT 1 /* hidden */; SELECT * FROM read_csv('%CANARY%')",
                "SELECT * FROM \"dp.lab.people\" /* ; DROP VIEW \"dp.lab.people\" */ WHERE id = 1; DROP VIEW \"dp.lab.people\"",
                "DROP VIEW \"dp.lab.people\"",
                "CREATE TABLE x AS SELECT * FROM \"dp.lab.people\"",
                "UPDATE \"dp.lab.people\" SET email = 'x'",
                "SELECT * FROM \"dp.lab.cities\"",
                "SELECT p.*, c.city FROM \"dp.lab.people\" p JOIN \"dp.lab.cities\" c USING (country)",
                "SELECT * FROM \"dp.lab.nope\"",
                "SELECT * FROM dp.lab.people",
                "SELECT * FROM \"dp.lab.pe\u200bople\"",
                "SELECT * FROM \"dp.lab.peop\u0435\"",
                "SELECT * FROM \uff02dp.lab.people\uff02",
                "SELECT * FROM \u201cdp.lab.people\u201d",
                "SELECT * FROM duckdb_views()",
                "SELECT sql FROM duckdb_views",
                "SELECT * FROM information_schema.views",
                "SELECT * FROM pg_catalog.pg_views",
                "SELECT current_setting('allowed_paths')",
                "SELECT * FROM query('SELECT * FROM read_csv(''%CANARY%'')')",
                "SELECT * FROM \"dp.lab.people\" AT (VERSION => 0)",
                "DESCRIBE SELECT * FROM read_csv('%CANARY%')",
                "SUMMARIZE \"dp.lab.people\"",
                "SHOW TABLES",
                "",
                "   ;  ");
    }

    @ParameterizedTest
    @MethodSource("sqlAttacks")
    void sqlAttacksAreRefused(String template) {
        String sql = template.replace("%CANARY%", canary.toString()).replace("%OUT%", written.toString())
                .replace("%LAKE%", mesh.workspace().lake().toString());
        int before = audit.events().size();
        Throwable thrown = catchThrowable(() -> write(service.query(MALLORY, sql, RequestContext.local()),
                ResultFormat.JSON));
        assertThat(thrown).as(sql).isInstanceOf(MeshException.class);
        assertThat(((MeshException) thrown).errorCode().category()).as(sql).isIn(ErrorCategory.USER,
                ErrorCategory.FORBIDDEN, ErrorCategory.NOT_FOUND);
        assertThat(thrown.getMessage()).doesNotContain(CANARY_TEXT);
        assertThat(written).doesNotExist();
        assertThat(audit.events().size()).as("the refusal is audited").isGreaterThan(before);
        assertThat(audit.last().outcome()).isEqualTo("denied");
    }

    Stream<String> maskBypasses() {
        return Stream.of(
                "SELECT * FROM \"dp.lab.people\"",
                "SELECT email AS e, email::BLOB AS b, CAST(email AS VARCHAR(100)) AS c FROM \"dp.lab.people\"",
                "SELECT max(email), min(email), string_agg(email, ','), list(email) FROM \"dp.lab.people\"",
                "SELECT upper(email), md5(email), length(email) FROM \"dp.lab.people\"",
                "SELECT (SELECT email FROM \"dp.lab.people\" LIMIT 1) AS e",
                "SELECT count(*) FROM \"dp.lab.people\" WHERE email LIKE '%example%'",
                "SELECT count(*) FROM \"dp.lab.people\" WHERE country = 'FR'",
                "WITH q AS (SELECT * FROM \"dp.lab.people\") SELECT q.* FROM q",
                "SELECT * FROM \"dp.lab.people\" UNION ALL SELECT * FROM \"dp.lab.people\"");
    }

    @ParameterizedTest
    @MethodSource("maskBypasses")
    void masksAndRowFiltersCannotBeBypassed(String sql) {
        String result = write(service.query(MALLORY, sql, RequestContext.local()), ResultFormat.JSON);
        assertThat(result).as(sql).doesNotContain("example.com").doesNotContain("bob").doesNotContain("FR")
                .doesNotContain("EXAMPLE").doesNotContain("\"2\"");
        if (sql.contains("LIKE") || sql.contains("'FR'")) {
            assertThat(result).contains(":0");
        }
    }

    Stream<Map<String, List<String>>> filterAttacks() {
        return Stream.of(
                query("id=eq.1 OR 1=1"),
                query("id=in.(1);DROP VIEW \"dp.lab.people\""),
                query("id\" FROM read_csv('" + "/etc/passwd" + "') --=eq.1"),
                query("select=id,\"email\" FROM read_csv('/etc/passwd')"),
                query("select=*"),
                query("order=id; DROP VIEW x"),
                query("order=email.desc.nullsfirst;"),
                query("limit=1;DROP"),
                query("offset=-1"),
                query("version=0 OR 1=1"),
                query("as_of=now()"),
                query("cursor=' OR 1=1 --"),
                query("city=eq.Paris"),
                query("email=op.x"),
                query("id=in.()"),
                query("id=in.(\"1,2)"));
    }

    @ParameterizedTest
    @MethodSource("filterAttacks")
    void filterAttacksAreRefusedNamingTheParameter(Map<String, List<String>> parameters) {
        Throwable thrown = catchThrowable(() -> write(service.read(MALLORY, PEOPLE, DataRequestParser.parse(parameters),
                RequestContext.local()), ResultFormat.JSON));
        assertThat(thrown).as(parameters.toString()).isInstanceOf(MeshException.class);
        assertThat(((MeshException) thrown).errorCode().category()).as(parameters.toString())
                .isEqualTo(ErrorCategory.USER);
        assertThat(thrown.getMessage()).containsAnyOf("filter", "select", "order", "limit", "offset", "version",
                "as_of", "cursor", "=");
    }

    @org.junit.jupiter.api.Test
    void aFilterOnAMaskedColumnSeesOnlyMaskedValues() {
        String result = write(service.read(MALLORY, PEOPLE, DataRequestParser.parse(query("email=like.*example*")),
                RequestContext.local()), ResultFormat.JSON);
        assertThat(result).isEqualTo("[]");
    }

    @org.junit.jupiter.api.Test
    void quotesInAFilterValueAreJustPartOfTheValue() {
        String result = write(service.read(MALLORY, PEOPLE, DataRequestParser.parse(query("country=eq.DE' OR '1'='1")),
                RequestContext.local()), ResultFormat.JSON);
        assertThat(result).isEqualTo("[]");
        assertThat(write(service.read(MALLORY, PEOPLE, DataRequestParser.parse(query("country=neq.DE' OR '1'='1",
                "select=id")), RequestContext.local()), ResultFormat.JSON)).isEqualTo("[{\"id\":1}]");
    }
}
