package org.meshwork.table.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.TableColumn;

/**
 * Reads a table Meshwork committed independently of Meshwork: Delta Kernel's own snapshot, scan and Parquet reader (a
 * fresh engine, the older {@code Table.forPath} entry point) against DuckDB reading exactly the files Kernel lists.
 */
class DeltaKernelReadIT {

    private static final List<TableColumn> SCHEMA = List.of(
            new TableColumn("id", "BIGINT", false),
            new TableColumn("label", "VARCHAR", true),
            new TableColumn("amount", "DECIMAL(12,2)", true),
            new TableColumn("ratio", "DOUBLE", true),
            new TableColumn("day", "DATE", true),
            new TableColumn("local_ts", "TIMESTAMP", true),
            new TableColumn("instant", "TIMESTAMP WITH TIME ZONE", true),
            new TableColumn("flag", "BOOLEAN", true),
            new TableColumn("tiny", "TINYINT", true));

    private static final String DUCKDB_PROJECTION = "id, label, amount, ratio, (day - DATE '1970-01-01')::BIGINT, "
            + "epoch_us(local_ts), epoch_us(instant), flag, tiny::BIGINT";

    @TempDir
    Path workspace;

    private final DuckDbParquetFiles parquet = new DuckDbParquetFiles();

    @Test
    void kernelSeesTheFilesRowCountsAndValuesMeshworkCommitted() throws IOException {
        ProductTable table = new DeltaTableFormat().open(workspace.resolve("orders"));
        List<DataFile> first = List.of(write(table, "a", 0, 100), write(table, "a", 100, 50));
        table.commit(CommitRequest.append(CommitRequest.NEW_TABLE, SCHEMA, first, Map.of(CommitRequest.RUN_ID, "a")));
        table.commit(CommitRequest.append(0, SCHEMA, List.of(write(table, "b", 150, 25)), Map.of()));
        table.commit(CommitRequest.overwrite(1, SCHEMA, List.of(write(table, "c", 1000, 70), write(table, "c", 1070, 3)),
                Map.of()));
        table.commit(CommitRequest.append(2, SCHEMA, List.of(write(table, "d", 5000, 12)), Map.of()));

        Engine engine = DefaultEngine.create(new Configuration());
        Table kernelTable = Table.forPath(engine, table.location().toString());
        for (long version = 0; version <= 3; version++) {
            Snapshot snapshot = kernelTable.getSnapshotAsOfVersion(engine, version);
            org.meshwork.api.table.Snapshot ours = table.version(version);

            Map<Path, Long> kernelFiles = scanFiles(engine, snapshot);
            Map<Path, Long> ourFiles = new HashMap<>();
            for (DataFile file : ours.files()) {
                ourFiles.put(table.location().resolve(file.path()), file.rowCount());
            }
            assertThat(kernelFiles).as("files and row counts of version %d", version).isEqualTo(ourFiles);

            List<List<Object>> kernelRows = readThroughKernel(engine, snapshot);
            List<List<Object>> duckDbRows = readThroughDuckDb(List.copyOf(kernelFiles.keySet()));
            assertThat(kernelRows).hasSize((int) ours.rowCount()).isEqualTo(duckDbRows);
        }
        assertThat(kernelTable.getLatestSnapshot(engine).getVersion()).isEqualTo(3);
        assertThat(readThroughKernel(engine, kernelTable.getLatestSnapshot(engine))).hasSize(70 + 3 + 12);
    }

    private DataFile write(ProductTable table, String run, int from, int count) {
        Path file = table.newDataDirectory(run).resolve("part-0.parquet");
        parquet.write("""
                SELECT i AS id, 'label ' || i AS label, (i * 1.25)::DECIMAL(12,2) AS amount, i / 8 AS ratio,
                       DATE '2024-01-01' + (i %% 400)::INTEGER AS day,
                       TIMESTAMP '2024-03-31 01:30:00.000001' + INTERVAL (i) MINUTE AS local_ts,
                       TIMESTAMPTZ '2024-10-27 00:30:00.5+00' + INTERVAL (i) SECOND AS instant,
                       i %% 3 = 0 AS flag, (i %% 100)::TINYINT AS tiny
                FROM range(%d, %d) t(i)
                """.formatted(from, from + count), file);
        try {
            return new DataFile(table.location().relativize(file).toString(), Files.size(file), count, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<Path, Long> scanFiles(Engine engine, Snapshot snapshot) throws IOException {
        Map<Path, Long> files = new HashMap<>();
        try (CloseableIterator<FilteredColumnarBatch> batches = snapshot.getScanBuilder().build()
                .getScanFiles(engine, true)) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                    while (rows.hasNext()) {
                        Row scanFile = rows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                        AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
                        files.put(Paths.get(URI.create(status.getPath())), add.getNumRecords().orElseThrow());
                    }
                }
            }
        }
        return files;
    }

    private static List<List<Object>> readThroughKernel(Engine engine, Snapshot snapshot) throws IOException {
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<List<Object>> result = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> scanFiles = batches.next().getRows()) {
                    while (scanFiles.hasNext()) {
                        Row scanFile = scanFiles.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                                .readParquetFiles(io.delta.kernel.internal.util.Utils.singletonCloseableIterator(status),
                                        physicalSchema, Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> logical =
                                Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
                            while (logical.hasNext()) {
                                collect(logical.next(), result);
                            }
                        }
                    }
                }
            }
        }
        result.sort(Comparator.comparingLong(row -> (Long) row.get(0)));
        return result;
    }

    private static void collect(FilteredColumnarBatch batch, List<List<Object>> result) {
        ColumnarBatch data = batch.getData();
        Optional<ColumnVector> selection = batch.getSelectionVector();
        for (int row = 0; row < data.getSize(); row++) {
            if (selection.isPresent() && !selection.get().getBoolean(row)) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            values.add(data.getColumnVector(0).getLong(row));
            values.add(data.getColumnVector(1).getString(row));
            values.add(data.getColumnVector(2).getDecimal(row));
            values.add(data.getColumnVector(3).getDouble(row));
            values.add((long) data.getColumnVector(4).getInt(row));
            values.add(data.getColumnVector(5).getLong(row));
            values.add(data.getColumnVector(6).getLong(row));
            values.add(data.getColumnVector(7).getBoolean(row));
            values.add((long) data.getColumnVector(8).getByte(row));
            result.add(values);
        }
    }

    private static List<List<Object>> readThroughDuckDb(List<Path> files) {
        String sql = "SELECT " + DUCKDB_PROJECTION + " FROM " + DuckDbParquetFiles.readParquet(files) + " ORDER BY id";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                BigDecimal amount = rows.getBigDecimal(3);
                result.add(List.of(rows.getLong(1), rows.getString(2), amount, rows.getDouble(4), rows.getLong(5),
                        rows.getLong(6), rows.getLong(7), rows.getBoolean(8), rows.getLong(9)));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed on: " + sql, e);
        }
    }
}
