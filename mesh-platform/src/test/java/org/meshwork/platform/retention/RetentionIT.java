package org.meshwork.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.InvalidDescriptorException;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.table.ProductTable;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;

/**
 * The retention job on the real stack (DuckDB, Delta tables on disk): expired rows are deleted in a new snapshot, the
 * snapshots that held them are expired, and their bytes are gone from every file under the table.
 */
class RetentionIT {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final UserName CAROL = UserName.of("carol");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");
    private static final String EXPIRED_SECRET = "EXPIRED-SECRET-4711-zq";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path directory;

    private Mesh mesh;

    @BeforeEach
    void setUp() throws IOException {
        Path home = Files.createDirectories(directory.resolve("ws"));
        Files.writeString(home.resolve("mesh.yaml"), """
                default_user: olivia
                platform_admins: [olivia]
                teams:
                  lab-team: {members: [carol]}
                """);
        mesh = Mesh.open(home, Map.of());
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        StringBuilder csv = new StringBuilder("event_id,secret,event_at\n");
        csv.append("1,").append(EXPIRED_SECRET).append(",").append(TS.format(now.minusDays(400))).append('\n');
        csv.append("2,also-old-but-kept-out,").append(TS.format(now.minusDays(45))).append('\n');
        for (int i = 3; i <= 12; i++) {
            csv.append(i).append(",fresh-").append(i).append(',').append(TS.format(now.minusHours(i))).append('\n');
        }
        Files.writeString(directory.resolve("events.csv"), csv.toString());
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private void apply(String storage) throws IOException {
        Path file = directory.resolve("events.yaml");
        Files.writeString(file, """
                apiVersion: platform/v1
                kind: Domain
                metadata: {name: lab}
                spec: {description: Lab, owner_team: lab-team}
                ---
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: events, namespace: lab}
                spec:
                  description: Lab events
                  owner_team: lab-team
                  version: 1.0.0
                  sources:
                    - {name: events, type: csv, path: events.csv, columns: {event_id: BIGINT NOT NULL, secret: VARCHAR, event_at: TIMESTAMP}}
                  transform: {sql: "SELECT event_id, secret, event_at FROM events"}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: secret, type: VARCHAR}
                      - {name: event_at, type: TIMESTAMP}
                """ + storage);
        mesh.apply(List.of(file), ADMIN);
    }

    private ProductTable table() {
        return mesh.tables().open(mesh.products().get(EVENTS).definition());
    }

    private List<Path> filesUnderTable() throws IOException {
        try (Stream<Path> files = Files.walk(table().location())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        for (Path file : filesUnderTable()) {
            if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                found.add(file);
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Every row of every Parquet file on disk under the table, read by DuckDB: what any reader could recover. */
    private List<String> secretsInAnyParquetFile() throws Exception {
        List<String> secrets = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (Path file : filesUnderTable()) {
                if (!file.toString().endsWith(".parquet")) {
                    continue;
                }
                try (ResultSet rows = statement.executeQuery("SELECT secret FROM read_parquet('"
                        + file.toString().replace("'", "''") + "')")) {
                    while (rows.next()) {
                        secrets.add(rows.getString(1));
                    }
                }
            }
        }
        return secrets;
    }

    @Test
    void retentionRewritesAnEncryptedProductIntoEncryptedFiles() throws Exception {
        apply("  retention_period_days: 30\n  storage: {event_time_column: event_at}\n"
                + "  security: {encryption_at_rest: true}\n");
        assertThat(mesh.run(EVENTS, ADMIN, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(filesContaining(EXPIRED_SECRET)).isEmpty(); // encrypted from the start

        RetentionResult result = mesh.enforceRetention(Optional.of(EVENTS), CAROL).get(0);

        assertThat(result.rowsDeleted()).isEqualTo(2);
        assertThat(result.deletedFiles()).isNotEmpty().allSatisfy(file -> assertThat(file).endsWith(".enc"));
        assertThat(table().current().orElseThrow().files()).isNotEmpty()
                .allSatisfy(file -> assertThat(file.path()).endsWith(".parquet.enc"));
        assertThat(filesUnderTable()).noneMatch(file -> file.toString().endsWith(".parquet"));
        String rows = mesh.preview(EVENTS, ADMIN, org.meshwork.platform.pipeline.ProductPreview.Selector.current(), 100)
                .rows().toString();
        assertThat(rows).contains("fresh-3").doesNotContain(EXPIRED_SECRET, "also-old-but-kept-out");
        assertThat(mesh.workspace().home().resolve("keys/master.key")).as("the workspace's own key, made on first use")
                .exists();
    }

    @Test
    void expiredRowsAreDeletedInANewSnapshotAndTheirBytesAreGoneFromDisk() throws Exception {
        apply("  retention_period_days: 30\n  storage: {event_time_column: event_at}\n");
        assertThat(mesh.run(EVENTS, ADMIN, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(mesh.run(EVENTS, ADMIN, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(secretsInAnyParquetFile()).contains(EXPIRED_SECRET); // two snapshots hold it before the job
        assertThat(filesContaining(EXPIRED_SECRET)).isNotEmpty(); // and its bytes are on disk: the proof below bites

        RetentionResult result = mesh.enforceRetention(Optional.of(EVENTS), CAROL).get(0);

        assertThat(result.rowsDeleted()).isEqualTo(2);
        assertThat(result.newVersion()).contains(2L);
        assertThat(result.deletedFiles()).isNotEmpty();
        assertThat(table().current().orElseThrow().rowCount()).isEqualTo(10);
        assertThat(table().current().orElseThrow().info()).containsEntry("operation", "retention");
        assertThat(filesContaining(EXPIRED_SECRET)).isEmpty();
        assertThat(filesContaining("also-old-but-kept-out")).isEmpty();
        assertThat(secretsInAnyParquetFile()).doesNotContain(EXPIRED_SECRET, "also-old-but-kept-out").hasSize(10);
        assertThat(mesh.preview(EVENTS, ADMIN, org.meshwork.platform.pipeline.ProductPreview.Selector.current(), 100)
                .totalRows()).isEqualTo(10);

        RetentionResult again = mesh.enforceRetention(Optional.of(EVENTS), CAROL).get(0);
        assertThat(again.rowsDeleted()).isZero();
        assertThat(again.newVersion()).isEmpty();
    }

    @Test
    void storageRetentionCountsAndTheShorterOfTwoRetentionsWins() throws Exception {
        apply("  retention_period_days: 3650\n  storage: {retention: 10 days, event_time_column: event_at}\n");
        mesh.run(EVENTS, ADMIN, RunProgress.NONE);

        RetentionResult result = mesh.enforceRetention(Optional.of(EVENTS), ADMIN).get(0);

        assertThat(result.retention()).contains(java.time.Duration.ofDays(10));
        assertThat(result.rowsDeleted()).isEqualTo(2);
    }

    @Test
    void withoutAnEventTimeColumnRowsExpireByCommitTimeSoFreshlyCommittedRowsStay() throws Exception {
        apply("  retention_period_days: 30\n");
        mesh.run(EVENTS, ADMIN, RunProgress.NONE);

        RetentionResult result = mesh.enforceRetention(Optional.of(EVENTS), ADMIN).get(0);

        // the 400-day-old event was committed just now: by commit time it is young (CommitTimeRetentionIT ages it)
        assertThat(result.expiry()).contains(org.meshwork.api.descriptor.RowExpiry.COMMIT_TIME);
        assertThat(result.rowsDeleted()).isZero();
        assertThat(result.note()).contains("by commit time");
        assertThat(table().current().orElseThrow().rowCount()).isEqualTo(12);
    }

    @Test
    void applyNotesHowRowsExpireAndRefusesAnEventTimeExpiryWithoutItsColumn() throws Exception {
        Path file = directory.resolve("events.yaml");
        apply("  retention_period_days: 30\n");
        assertThat(mesh.plan(List.of(file), ADMIN).changes().toString())
                .contains("retention: 30 days, rows expire by commit time (no storage.event_time_column");
        assertThatThrownBy(() -> apply("  retention_period_days: 30\n  storage: {expire_by: event_time}\n"))
                .isInstanceOf(InvalidDescriptorException.class).hasMessageContaining("events.yaml:")
                .hasMessageContaining("spec.storage.expire_by")
                .hasMessageContaining("needs storage.event_time_column");
    }

    @Test
    void onlyOwnersRunOneProductAndOnlyAdminsRunAll() throws Exception {
        apply("");
        assertThat(mesh.enforceRetention(Optional.empty(), ADMIN)).singleElement()
                .satisfies(r -> assertThat(r.note()).contains("no retention declared"));
        assertThatThrownBy(() -> mesh.enforceRetention(Optional.empty(), CAROL)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> mesh.enforceRetention(Optional.of(EVENTS), UserName.of("mallory")))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void theEventTimeColumnMustBeADateOrTimestampOfTheContract() {
        assertThatThrownBy(() -> apply("  storage: {event_time_column: event_id}\n"))
                .isInstanceOf(InvalidDescriptorException.class).hasMessageContaining("spec.storage.event_time_column")
                .hasMessageContaining("DATE or TIMESTAMP");
        assertThatThrownBy(() -> apply("  storage: {event_time_column: event_time}\n"))
                .isInstanceOf(InvalidDescriptorException.class).hasMessageContaining("is not in the output schema");
    }
}
