package org.meshwork.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.descriptor.RowExpiry;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.platform.workspace.Workspace;
import org.meshwork.store.sqlite.SqliteMetadataStore;
import org.meshwork.testing.time.MutableClock;

/**
 * Expiry by commit time on the real stack (DuckDB, Delta tables on disk, SQLite): a product without an event time
 * column loses the data committed before {@code now − retention} — its whole snapshot when it overwrites, its oldest
 * batches when it appends — and its quarantine table loses the raw rows quarantined before then; the bytes are gone
 * from every file under both tables. The Delta commits happen at the real time; the mesh's clock is moved forward.
 */
class CommitTimeRetentionIT {
    private static final UserName ADMIN = UserName.of("olivia");
    private static final ProductId EVENTS = ProductId.parse("dp.lab.events");
    private static final String OLD_SECRET = "OLD-SECRET-8812-qx";
    private static final String QUARANTINED_PII = "quarantined.person@example.com";

    @TempDir
    Path directory;

    private MutableClock clock;
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
        Workspace workspace = Workspace.openOrCreate(home);
        clock = new MutableClock(Instant.now());
        mesh = Mesh.open(workspace, SqliteMetadataStore.open(workspace.metadataFile()), clock);
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private void writeEvents(String rows) throws IOException {
        Files.writeString(directory.resolve("events.csv"), "event_id,secret\n" + rows);
    }

    private void apply(String mode, String storage) throws IOException {
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
                  retention_period_days: 30
                  sources:
                    - {name: events, type: csv, path: events.csv, columns: {event_id: BIGINT NOT NULL, secret: VARCHAR}}
                  transform: {sql: "SELECT event_id, secret FROM events"%s}
                  schema:
                    columns:
                      - {name: event_id, type: BIGINT, nullable: false}
                      - {name: secret, type: VARCHAR}
                """.formatted(mode) + storage);
        mesh.apply(List.of(file), ADMIN);
    }

    private void run() {
        assertThat(mesh.run(EVENTS, ADMIN, RunProgress.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    private ProductTable table() {
        return mesh.tables().open(mesh.products().get(EVENTS).definition());
    }

    private ProductTable quarantine() {
        return mesh.tables().openQuarantine(mesh.products().get(EVENTS).definition());
    }

    private List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        for (Path root : List.of(table().location(), quarantine().location())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                        found.add(file);
                    }
                }
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

    @Test
    void anOverwrittenProductsWholeSnapshotAndItsQuarantinedRowsExpireOnceOlderThanTheRetention() throws Exception {
        writeEvents("1," + OLD_SECRET + "\n2,two\nnot-a-number," + QUARANTINED_PII + "\n");
        apply("", "");
        run();
        run();
        assertThat(filesContaining(OLD_SECRET)).isNotEmpty(); // the proof below bites
        assertThat(filesContaining(QUARANTINED_PII)).isNotEmpty();
        assertThat(quarantine().current().orElseThrow().rowCount()).isEqualTo(2); // one per run

        RetentionResult young = mesh.enforceRetention(Optional.of(EVENTS), ADMIN).get(0);

        assertThat(young.expiry()).contains(RowExpiry.COMMIT_TIME);
        assertThat(young.rowsDeleted()).isZero();
        assertThat(young.quarantineRowsDeleted()).isZero();
        assertThat(table().current().orElseThrow().rowCount()).isEqualTo(2);

        clock.advance(Duration.ofDays(31));
        RetentionResult expired = mesh.enforceRetention(Optional.of(EVENTS), ADMIN).get(0);

        assertThat(expired.rowsDeleted()).isEqualTo(2);
        assertThat(expired.quarantineRowsDeleted()).isEqualTo(2);
        Snapshot current = table().current().orElseThrow();
        assertThat(current.version()).isEqualTo(expired.newVersion().orElseThrow());
        assertThat(current.rowCount()).isZero();
        assertThat(current.info()).containsEntry("operation", "retention");
        assertThat(quarantine().current().orElseThrow().rowCount()).isZero();
        assertThat(filesContaining(OLD_SECRET)).isEmpty();
        assertThat(filesContaining(QUARANTINED_PII)).isEmpty();
        assertThat(expired.deletedFiles()).anyMatch(f -> f.startsWith("events_quarantine/"))
                .anyMatch(f -> f.startsWith("events/"));
    }

    @Test
    void anAppendedProductLosesOnlyTheBatchesCommittedBeforeTheCutoffAndKeepsTheOthersAsTheyAre() throws Exception {
        writeEvents("1," + OLD_SECRET + "\n2,two\n");
        apply(", mode: append, watermark: event_id", "  storage: {expire_by: commit_time}\n");
        run();
        Instant firstCommit = table().current().orElseThrow().committedAt();
        writeEvents("1," + OLD_SECRET + "\n2,two\n3,three\n4,four\n");
        run();
        Snapshot beforeRetention = table().current().orElseThrow();
        assertThat(beforeRetention.rowCount()).isEqualTo(4);
        assertThat(beforeRetention.committedAt()).isAfter(firstCommit.plusMillis(1));

        // the cutoff falls between the two commits
        clock.set(firstCommit.plusMillis(1).plus(Duration.ofDays(30)));
        RetentionResult result = mesh.enforceRetention(Optional.of(EVENTS), ADMIN).get(0);

        assertThat(result.rowsDeleted()).isEqualTo(2);
        Snapshot current = table().current().orElseThrow();
        assertThat(current.rowCount()).isEqualTo(2);
        assertThat(beforeRetention.files()).containsAll(current.files()); // the kept batch is not rewritten
        assertThat(filesContaining(OLD_SECRET)).isEmpty();
        assertThat(mesh.preview(EVENTS, ADMIN, org.meshwork.platform.pipeline.ProductPreview.Selector.current(), 10)
                .rows().toString()).contains("three", "four").doesNotContain(OLD_SECRET);

        RetentionResult again = mesh.enforceRetention(Optional.of(EVENTS), ADMIN).get(0);
        assertThat(again.rowsDeleted()).isZero();
        assertThat(again.newVersion()).isEmpty();
    }
}
