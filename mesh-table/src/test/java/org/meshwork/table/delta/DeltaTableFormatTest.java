package org.meshwork.table.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.TableColumn;
import org.meshwork.api.table.TableFormat;
import org.meshwork.testing.table.ParquetFiles;
import org.meshwork.testing.table.TableFormatContractTest;

class DeltaTableFormatTest extends TableFormatContractTest {

    private static final TableFormat FORMAT = new DeltaTableFormat();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected TableFormat format() {
        return FORMAT;
    }

    @Override
    protected ParquetFiles parquet() {
        return new DuckDbParquetFiles();
    }

    @Test
    void theFormatIsCalledDelta() {
        assertThat(format().name()).isEqualTo("delta");
    }

    @Test
    void commitsWriteAPlainDeltaLogWithRowCountsAndTheRunId() throws IOException {
        DataFile file = write("run-9", "SELECT i AS id, 'x' AS label FROM range(7) t(i)", 7);
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(file),
                Map.of(CommitRequest.RUN_ID, "run-9")));

        Map<String, JsonNode> actions = actions(table.location().resolve("_delta_log/00000000000000000000.json"));

        assertThat(actions.get("commitInfo").get("engineInfo").asText()).contains("Meshwork");
        assertThat(actions.get("commitInfo").has("inCommitTimestamp")).isTrue();
        assertThat(actions.get("protocol").get("minWriterVersion").asInt()).isEqualTo(7);
        assertThat(actions.get("protocol").get("writerFeatures").toString())
                .contains("domainMetadata", "inCommitTimestamp").doesNotContain("timestampNtz");
        assertThat(actions.get("add").get("path").asText()).isEqualTo(file.path());
        assertThat(JSON.readTree(actions.get("add").get("stats").asText()).get("numRecords").asLong()).isEqualTo(7);
        assertThat(actions.get("domainMetadata").get("domain").asText()).isEqualTo("meshwork.commit");
        assertThat(JSON.readTree(actions.get("domainMetadata").get("configuration").asText()).get("runId").asText())
                .isEqualTo("run-9");
    }

    @Test
    void concurrentFirstReadsOfANewVersionBuildItsSnapshotOnce() throws Exception {
        DeltaTableFormat format = new DeltaTableFormat();
        ProductTable orders = format.open(table.location());
        orders.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-1", "SELECT 1::BIGINT AS id, 'a' AS label", 1)), Map.of()));
        DeltaTableFormat serving = new DeltaTableFormat(); // a fresh cache, as in a server that just started
        int readers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(readers);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(readers);
        try {
            List<java.util.concurrent.Future<Snapshot>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < readers; i++) {
                reads.add(pool.submit(() -> {
                    start.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    return serving.open(table.location()).current().orElseThrow();
                }));
            }
            for (java.util.concurrent.Future<Snapshot> read : reads) {
                assertThat(read.get(60, java.util.concurrent.TimeUnit.SECONDS).version()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(serving.builtSnapshots()).isEqualTo(1);
    }

    @Test
    void aBuiltSnapshotIsReusedUntilTheTableCommitsAgainAndNeverOutlivesItsTable() throws IOException {
        DeltaTableFormat format = new DeltaTableFormat();
        ProductTable orders = format.open(table.location());
        orders.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-1", "SELECT 1::BIGINT AS id, 'a' AS label", 1)), Map.of()));
        Snapshot first = orders.current().orElseThrow();
        long hits = format.cachedSnapshotHits();

        // another table object over the same table shares what was built, by version as well
        assertThat(format.open(table.location()).current()).contains(first);
        assertThat(orders.version(0)).isEqualTo(first);
        assertThat(format.cachedSnapshotHits()).isEqualTo(hits + 2);

        // a new commit is a new current snapshot; the old version is still the old one
        orders.commit(CommitRequest.append(0, SCHEMA,
                List.of(write("run-2", "SELECT 2::BIGINT AS id, 'b' AS label", 1)), Map.of()));
        Snapshot second = orders.current().orElseThrow();
        assertThat(second.version()).isEqualTo(1);
        assertThat(rows(second)).containsExactlyInAnyOrder(List.of("1", "a"), List.of("2", "b"));
        assertThat(orders.version(0)).isEqualTo(first);

        // deleted and created again in the same place: its version 0 is another commit file, never the old snapshot
        try (var paths = Files.walk(table.location())) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        ProductTable again = format.open(table.location());
        again.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA,
                List.of(write("run-3", "SELECT 7::BIGINT AS id, 'z' AS label", 1)), Map.of()));
        Snapshot fresh = again.current().orElseThrow();
        assertThat(fresh.version()).isZero();
        assertThat(rows(fresh)).containsExactly(List.of("7", "z"));
        assertThat(again.version(0)).isEqualTo(fresh);
    }

    @Test
    void aTimestampColumnTurnsOnTheTimestampNtzFeature() throws IOException {
        List<TableColumn> schema = List.of(new TableColumn("at", "TIMESTAMP", true));
        DataFile file = write("run-1", "SELECT TIMESTAMP '2024-01-01 12:00:00' AS at", 1);

        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, schema, List.of(file), Map.of()));

        JsonNode protocol = actions(table.location().resolve("_delta_log/00000000000000000000.json")).get("protocol");
        assertThat(protocol.get("minReaderVersion").asInt()).isEqualTo(3);
        assertThat(protocol.get("readerFeatures").toString()).contains("timestampNtz");
    }

    @Test
    void aTypeDeltaCannotStoreIsRefusedBeforeAnythingIsWritten() {
        List<TableColumn> schema = List.of(new TableColumn("total", "HUGEINT", true));
        DataFile file = write("run-1", "SELECT 1::HUGEINT AS total", 1);

        assertThatThrownBy(() -> table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, schema, List.of(file),
                Map.of()))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("DECIMAL(38,0)");
        assertThat(table.location().resolve("_delta_log")).doesNotExist();
    }

    @Test
    void fileNamesWithSpacesAndNonAsciiCharactersRoundTrip() throws IOException {
        Path directory = table.newDataDirectory("run-1");
        Path path = directory.resolve("part 0 – Zürich.parquet");
        parquet().write("SELECT 1::BIGINT AS id, 'z' AS label", path);
        DataFile file = new DataFile(table.location().relativize(path).toString(), Files.size(path), 1, 0);

        Snapshot snapshot = table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, List.of(file), Map.of()));

        assertThat(snapshot.files()).extracting(DataFile::path).containsExactly(file.path());
        assertThat(rows(FORMAT.open(table.location()).current().orElseThrow())).containsExactly(List.of("1", "z"));
    }

    private static Map<String, JsonNode> actions(Path commitFile) throws IOException {
        Map<String, JsonNode> actions = new java.util.HashMap<>();
        List<String> lines = new ArrayList<>(Files.readAllLines(commitFile));
        for (String line : lines) {
            JsonNode action = JSON.readTree(line);
            String kind = action.fieldNames().next();
            actions.put(kind, action.get(kind));
        }
        return actions;
    }
}
