package org.meshwork.testing.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.NoSuchSnapshotException;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.SnapshotInfo;
import org.meshwork.api.table.TableColumn;
import org.meshwork.api.table.TableFormat;
import org.meshwork.api.table.VacuumResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link TableFormat} promises. Subclass it once per format, with a real Parquet writer.
 *
 * <p>The tests write real Parquet files into the table directory, commit them, and read them back through
 * {@link #parquet()}, so they check what a reader of the table would actually see.
 */
public abstract class TableFormatContractTest {

    protected static final List<TableColumn> SCHEMA = List.of(
            new TableColumn("id", "BIGINT", true),
            new TableColumn("label", "VARCHAR", true));

    @TempDir
    protected Path workspace;

    protected ProductTable table;

    /** The format under test. */
    protected abstract TableFormat format();

    /** Writes and reads the Parquet files the tests commit. */
    protected abstract ParquetFiles parquet();

    @BeforeEach
    void openTable() {
        table = format().open(workspace.resolve("lake").resolve("sales").resolve("orders"));
    }

    @Test
    void aNewTableHasNoSnapshotAndNoHistory() {
        assertThat(table.current()).isEmpty();
        assertThat(table.history()).isEmpty();
        assertThatThrownBy(() -> table.version(0))
                .isInstanceOfSatisfying(NoSuchSnapshotException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NO_SUCH_VERSION));
        assertThatThrownBy(() -> table.asOf(Instant.now())).isInstanceOf(NoSuchSnapshotException.class);
    }

    @Test
    void theFirstCommitCreatesVersionZero() {
        DataFile file = write("run-1", "SELECT i AS id, 'row ' || i AS label FROM range(3) t(i)", 3);

        Snapshot snapshot = table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(file),
                Map.of(CommitRequest.RUN_ID, "run-1", CommitRequest.PRODUCT_ID, "dp.sales.orders")));

        assertThat(snapshot.version()).isZero();
        assertThat(snapshot.schema()).isEqualTo(SCHEMA);
        assertThat(snapshot.files()).extracting(DataFile::path).containsExactly(file.path());
        assertThat(snapshot.files()).extracting(DataFile::rowCount).containsExactly(3L);
        assertThat(snapshot.rowCount()).isEqualTo(3);
        assertThat(snapshot.info()).containsEntry(CommitRequest.RUN_ID, "run-1")
                .containsEntry(CommitRequest.PRODUCT_ID, "dp.sales.orders");
        assertThat(table.current()).contains(snapshot);
        assertThat(rows(snapshot)).containsExactly(List.of("0", "row 0"), List.of("1", "row 1"), List.of("2", "row 2"));
    }

    @Test
    void appendKeepsThePreviousFilesAndOverwriteReplacesThem() {
        DataFile first = write("run-1", "SELECT i AS id, 'a' AS label FROM range(3) t(i)", 3);
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(first), Map.of()));
        DataFile second = write("run-2", "SELECT i AS id, 'b' AS label FROM range(10, 12) t(i)", 2);
        Snapshot appended = table.commit(CommitRequest.append(0, SCHEMA, List.of(second), Map.of()));
        DataFile third = write("run-3", "SELECT 42::BIGINT AS id, 'c' AS label", 1);
        Snapshot overwritten = table.commit(CommitRequest.overwrite(1, SCHEMA, List.of(third), Map.of()));

        assertThat(appended.version()).isEqualTo(1);
        assertThat(appended.files()).extracting(DataFile::path).containsExactlyInAnyOrder(first.path(), second.path());
        assertThat(appended.rowCount()).isEqualTo(5);
        assertThat(rows(appended)).hasSize(5).contains(List.of("0", "a"), List.of("11", "b"));
        assertThat(overwritten.version()).isEqualTo(2);
        assertThat(overwritten.files()).extracting(DataFile::path).containsExactly(third.path());
        assertThat(rows(overwritten)).containsExactly(List.of("42", "c"));
        assertThat(table.version(1)).isEqualTo(appended);
    }

    @Test
    void removingFilesKeepsTheOthersUnchangedAndOlderVersionsReadable() {
        DataFile first = write("run-1", "SELECT i AS id, 'a' AS label FROM range(3) t(i)", 3);
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(first), Map.of()));
        DataFile second = write("run-2", "SELECT i AS id, 'b' AS label FROM range(10, 12) t(i)", 2);
        Snapshot appended = table.commit(CommitRequest.append(0, SCHEMA, List.of(second), Map.of()));

        Snapshot removed = table.removeFiles(1, java.util.Set.of(first.path()),
                Map.of(CommitRequest.OPERATION, "retention"));

        assertThat(removed.version()).isEqualTo(2);
        assertThat(removed.schema()).isEqualTo(SCHEMA);
        assertThat(removed.files()).extracting(DataFile::path).containsExactly(second.path());
        assertThat(removed.files()).isEqualTo(List.of(appended.files().stream()
                .filter(f -> f.path().equals(second.path())).findFirst().orElseThrow()));
        assertThat(removed.info()).containsEntry(CommitRequest.OPERATION, "retention");
        assertThat(rows(removed)).containsExactly(List.of("10", "b"), List.of("11", "b"));
        assertThat(rows(table.version(1))).hasSize(5);
        assertThatThrownBy(() -> table.removeFiles(1, java.util.Set.of(second.path()), Map.of()))
                .isInstanceOf(CommitConflictException.class);
        assertThatThrownBy(() -> table.removeFiles(2, java.util.Set.of(first.path()), Map.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(first.path());
        assertThat(table.current().orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void theSchemaRoundTripsWithItsTypesAndValues() {
        List<TableColumn> schema = List.of(
                new TableColumn("flag", "BOOLEAN", true),
                new TableColumn("small", "INTEGER", false),
                new TableColumn("big", "BIGINT", true),
                new TableColumn("ratio", "FLOAT", true),
                new TableColumn("amount", "DOUBLE", true),
                new TableColumn("price", "DECIMAL(12,2)", true),
                new TableColumn("name", "VARCHAR", true),
                new TableColumn("payload", "BLOB", true),
                new TableColumn("day", "DATE", true),
                new TableColumn("local_time", "TIMESTAMP", true),
                new TableColumn("instant", "TIMESTAMP WITH TIME ZONE", true));
        DataFile file = write("types", """
                SELECT true AS flag, 7::INTEGER AS small, 9007199254740993::BIGINT AS big, 1.5::FLOAT AS ratio,
                       2.25::DOUBLE AS amount, 1234567890.12::DECIMAL(12,2) AS price, 'Zürich ✓' AS name,
                       '\\x00\\xFF'::BLOB AS payload, DATE '2024-02-29' AS day,
                       TIMESTAMP '2024-03-31 01:30:00.123456' AS local_time,
                       TIMESTAMPTZ '2024-03-31 01:30:00.654321+00' AS instant
                """, 1);

        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, schema, List.of(file), Map.of()));

        Snapshot snapshot = format().open(table.location()).current().orElseThrow();
        assertThat(snapshot.schema()).isEqualTo(schema);
        assertThat(rows(snapshot)).containsExactly(List.of("true", "7", "9007199254740993", "1.5", "2.25",
                "1234567890.12", "Zürich ✓", "\\x00\\xFF", "2024-02-29", "2024-03-31 01:30:00.123456",
                "2024-03-31 01:30:00.654321+00"));
    }

    @Test
    void timeTravelFindsEveryVersionByNumberAndByTime() {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int version = 0; version < 4; version++) {
            DataFile file = write("run-" + version, "SELECT " + version + "::BIGINT AS id, 'v' AS label", 1);
            snapshots.add(table.commit(CommitRequest.append(version - 1, SCHEMA, List.of(file), Map.of())));
        }

        for (Snapshot snapshot : snapshots) {
            assertThat(table.version(snapshot.version())).isEqualTo(snapshot);
            assertThat(table.asOf(snapshot.committedAt())).isEqualTo(snapshot);
            assertThat(rows(snapshot)).hasSize((int) snapshot.version() + 1);
        }
        for (int version = 1; version < snapshots.size(); version++) {
            Instant next = snapshots.get(version).committedAt();
            assertThat(next).isAfter(snapshots.get(version - 1).committedAt());
            assertThat(table.asOf(next.minusMillis(1)).version()).isEqualTo(version - 1);
        }
        assertThat(table.asOf(Instant.now().plus(Duration.ofDays(1))).version()).isEqualTo(3);
        assertThatThrownBy(() -> table.asOf(snapshots.get(0).committedAt().minusMillis(1)))
                .isInstanceOf(NoSuchSnapshotException.class);
        assertThatThrownBy(() -> table.version(4)).isInstanceOf(NoSuchSnapshotException.class);
        assertThatThrownBy(() -> table.version(-1)).isInstanceOf(NoSuchSnapshotException.class);
    }

    @Test
    void aCommitOnAStaleVersionConflictsAndStoresNothing() {
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-0", "SELECT 0::BIGINT AS id, 'x' AS label", 1)), Map.of()));
        DataFile winner = write("winner", "SELECT 1::BIGINT AS id, 'winner' AS label", 1);
        DataFile loser = write("loser", "SELECT 2::BIGINT AS id, 'loser' AS label", 1);
        table.commit(CommitRequest.append(0, SCHEMA, List.of(winner), Map.of()));

        assertThatThrownBy(() -> table.commit(CommitRequest.append(0, SCHEMA, List.of(loser), Map.of())))
                .isInstanceOfSatisfying(CommitConflictException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMMIT_CONFLICT));
        assertThatThrownBy(() -> table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(loser),
                Map.of()))).isInstanceOf(CommitConflictException.class);
        assertThatThrownBy(() -> table.commit(CommitRequest.append(7, SCHEMA, List.of(loser), Map.of())))
                .isInstanceOf(CommitConflictException.class);
        Snapshot current = table.current().orElseThrow();
        assertThat(current.version()).isEqualTo(1);
        assertThat(current.files()).extracting(DataFile::path).doesNotContain(loser.path());
    }

    @Test
    void ofConcurrentCommitsOnTheSameVersionExactlyOneWins() throws Exception {
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-0", "SELECT 0::BIGINT AS id, 'x' AS label", 1)), Map.of()));
        int writers = 6;
        List<DataFile> files = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
            files.add(write("writer-" + writer, "SELECT " + writer + "::BIGINT AS id, 'w' AS label", 1));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (DataFile file : files) {
                Callable<Boolean> commit = () -> {
                    start.await();
                    try {
                        format().open(table.location())
                                .commit(CommitRequest.append(0, SCHEMA, List.of(file), Map.of()));
                        return true;
                    } catch (CommitConflictException e) {
                        return false;
                    }
                };
                outcomes.add(executor.submit(commit));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> outcome : outcomes) {
                wins += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
        Snapshot current = table.current().orElseThrow();
        assertThat(current.version()).isEqualTo(1);
        assertThat(current.files()).hasSize(2);
    }

    @Test
    void aCommitOfAMissingFileFailsWithoutAdvancingTheVersion() {
        DataFile missing = new DataFile("data/ghost/part-0.parquet", 100, 1, 0);

        assertThatThrownBy(() -> table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(missing),
                Map.of()))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining(missing.path());
        assertThat(table.current()).isEmpty();

        DataFile present = write("run-1", "SELECT 1::BIGINT AS id, 'a' AS label", 1);
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(present), Map.of()));
        assertThatThrownBy(() -> table.commit(CommitRequest.append(0, SCHEMA, List.of(present, missing), Map.of())))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(table.current().orElseThrow().version()).isZero();
    }

    @Test
    void anAppendMustKeepTheSchema() {
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-0", "SELECT 0::BIGINT AS id, 'x' AS label", 1)), Map.of()));
        List<TableColumn> wider = List.of(SCHEMA.get(0), SCHEMA.get(1), new TableColumn("extra", "INTEGER", true));
        DataFile file = write("run-1", "SELECT 1::BIGINT AS id, 'y' AS label, 3 AS extra", 1);

        assertThatThrownBy(() -> table.commit(CommitRequest.append(0, wider, List.of(file), Map.of())))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(table.current().orElseThrow().version()).isZero();
    }

    @Test
    void anOverwriteMayChangeTheSchemaWhileOlderVersionsKeepTheirs() {
        Snapshot first = table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-0", "SELECT i AS id, 'x' AS label FROM range(2) t(i)", 2)), Map.of()));
        List<TableColumn> evolved = List.of(SCHEMA.get(0), SCHEMA.get(1), new TableColumn("extra", "INTEGER", true));
        DataFile file = write("run-1", "SELECT 7::BIGINT AS id, 'y' AS label, 3 AS extra", 1);

        Snapshot second = table.commit(CommitRequest.overwrite(0, evolved, List.of(file), Map.of("run", "run-1")));

        Snapshot reopened = format().open(table.location()).current().orElseThrow();
        assertThat(reopened).isEqualTo(second);
        assertThat(reopened.version()).isEqualTo(1);
        assertThat(reopened.schema()).isEqualTo(evolved);
        assertThat(reopened.files()).extracting(DataFile::path).containsExactly(file.path());
        assertThat(reopened.info()).containsEntry("run", "run-1");
        assertThat(rows(reopened)).containsExactly(List.of("7", "y", "3"));
        Snapshot old = table.version(0);
        assertThat(old.schema()).isEqualTo(SCHEMA);
        assertThat(old).isEqualTo(first);
        assertThat(rows(old)).containsExactlyInAnyOrder(List.of("0", "x"), List.of("1", "x"));

        // and back again: a later overwrite may drop the column
        Snapshot third = table.commit(CommitRequest.overwrite(1, SCHEMA,
                List.of(write("run-2", "SELECT 9::BIGINT AS id, 'z' AS label", 1)), Map.of()));
        assertThat(third.schema()).isEqualTo(SCHEMA);
        assertThat(rows(table.current().orElseThrow())).containsExactly(List.of("9", "z"));
    }

    @Test
    void historyListsEveryCommitNewestFirst() {
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-a", "SELECT i AS id, 'a' AS label FROM range(4) t(i)", 4)),
                Map.of(CommitRequest.RUN_ID, "run-a")));
        table.commit(CommitRequest.append(0, SCHEMA,
                List.of(write("run-b", "SELECT i AS id, 'b' AS label FROM range(2) t(i)", 2)),
                Map.of(CommitRequest.RUN_ID, "run-b")));
        table.commit(CommitRequest.overwrite(1, SCHEMA,
                List.of(write("run-c", "SELECT 9::BIGINT AS id, 'c' AS label", 1)),
                Map.of(CommitRequest.RUN_ID, "run-c", CommitRequest.OPERATION, "backfill")));

        List<SnapshotInfo> history = table.history();

        assertThat(history).extracting(SnapshotInfo::version).containsExactly(2L, 1L, 0L);
        assertThat(history).extracting(info -> info.info().get(CommitRequest.RUN_ID))
                .containsExactly("run-c", "run-b", "run-a");
        assertThat(history.get(0).info()).containsEntry(CommitRequest.OPERATION, "backfill");
        assertThat(history).extracting(SnapshotInfo::addedRows).containsExactly(1L, 2L, 4L);
        assertThat(history).extracting(SnapshotInfo::addedFiles).containsExactly(1L, 1L, 1L);
        assertThat(history).extracting(SnapshotInfo::removedFiles).containsExactly(2L, 0L, 0L);
        assertThat(history.get(0).committedAt()).isEqualTo(table.version(2).committedAt());
    }

    @Test
    void dataDirectoriesAreNewEmptyAndInsideTheTable() throws IOException {
        Path first = table.newDataDirectory("run-7");
        Path second = table.newDataDirectory("run-7");

        assertThat(first).isNotEqualTo(second).startsWith(table.location());
        try (Stream<Path> entries = Files.list(first)) {
            assertThat(entries).isEmpty();
        }
        assertThatThrownBy(() -> table.newDataDirectory("../escape")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> table.newDataDirectory("a b")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void vacuumDeletesOrphansAndExpiredFilesButKeepsWhatSnapshotsNeed() throws IOException {
        DataFile first = write("run-1", "SELECT i AS id, 'a' AS label FROM range(3) t(i)", 3);
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(first), Map.of()));
        DataFile orphan = write("crashed", "SELECT 99::BIGINT AS id, 'orphan' AS label", 1);
        DataFile second = write("run-2", "SELECT 5::BIGINT AS id, 'b' AS label", 1);
        table.commit(CommitRequest.overwrite(0, SCHEMA, List.of(second), Map.of()));
        Instant now = Instant.now();

        assertThat(table.vacuum(Duration.ofHours(1), now).deletedFiles())
                .as("young files stay, whatever references them").isEmpty();

        Instant old = now.minus(Duration.ofHours(2));
        for (DataFile file : List.of(first, orphan, second)) {
            Files.setLastModifiedTime(table.location().resolve(file.path()), FileTime.from(old));
        }
        VacuumResult withinRetention = table.vacuum(Duration.ofHours(1), now);
        assertThat(withinRetention.deletedFiles())
                .as("the overwrite happened within the retention, so version 0 stays readable")
                .containsExactly(orphan.path());
        assertThat(withinRetention.deletedBytes()).isEqualTo(orphan.sizeBytes());
        assertThat(rows(table.version(0))).hasSize(3);

        VacuumResult expired = table.vacuum(Duration.ZERO, Instant.now().plusSeconds(1));
        assertThat(expired.deletedFiles()).containsExactly(first.path());
        Snapshot current = table.current().orElseThrow();
        assertThat(current.version()).isEqualTo(1);
        assertThat(rows(current)).containsExactly(List.of("5", "b"));
        assertThat(table.history()).hasSize(2);
    }

    /** Writes one Parquet file of {@code query}'s rows into a new data directory of the table. */
    protected DataFile write(String runId, String query, long rowCount) {
        Path file = table.newDataDirectory(runId).resolve("part-0.parquet");
        parquet().write(query, file);
        try {
            return new DataFile(table.location().relativize(file).toString().replace('\\', '/'), Files.size(file),
                    rowCount, Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of a snapshot, read from its files. */
    protected List<List<String>> rows(Snapshot snapshot) {
        List<Path> files = snapshot.files().stream().map(file -> table.location().resolve(file.path())).toList();
        for (Path file : files) {
            assertThat(file).as("a file of version %d", snapshot.version()).isRegularFile();
        }
        return files.isEmpty() ? List.of() : parquet().rows(files);
    }
}
