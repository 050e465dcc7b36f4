package org.meshwork.table.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meshwork.api.descriptor.WriteMode;
import org.meshwork.api.table.CommitRequest;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.TableColumn;

/**
 * The child process of {@link DeltaCommitCrashIT}: commits versions to a table in a loop until it is killed. Version
 * {@code v} writes {@link #rowsOf(long)} rows marked {@code v}, split over {@link #FILES_PER_COMMIT} files; every
 * {@link #OVERWRITE_EVERY}th version overwrites the table instead of appending. It prints {@code ready} once warmed up,
 * then {@code committed <v>} after each commit.
 */
public final class CrashingWriter {

    static final List<TableColumn> SCHEMA = List.of(
            new TableColumn("marker", "BIGINT", false),
            new TableColumn("seq", "BIGINT", false),
            new TableColumn("payload", "VARCHAR", true));
    static final int FILES_PER_COMMIT = 3;
    static final int OVERWRITE_EVERY = 5;

    private CrashingWriter() {
    }

    /** How many rows version {@code version} writes. */
    static long rowsOf(long version) {
        return 3_000 + (version % 7) * 1_000;
    }

    /** Whether version {@code version} replaces the table's files. */
    static boolean overwrites(long version) {
        return version > 0 && version % OVERWRITE_EVERY == 0;
    }

    public static void main(String[] args) {
        ProductTable table = new DeltaTableFormat().open(Path.of(args[0]));
        DuckDbParquetFiles parquet = new DuckDbParquetFiles();
        warmUp(table, parquet);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            long base = table.current().map(Snapshot::version).orElse(CommitRequest.NEW_TABLE);
            long version = base + 1;
            Path directory = table.newDataDirectory("v" + version);
            List<DataFile> files = new ArrayList<>();
            long rows = rowsOf(version);
            long perFile = rows / FILES_PER_COMMIT;
            for (int part = 0; part < FILES_PER_COMMIT; part++) {
                long from = part * perFile;
                long to = part == FILES_PER_COMMIT - 1 ? rows : from + perFile;
                Path file = directory.resolve("part-" + part + ".parquet");
                parquet.write("SELECT " + version + "::BIGINT AS marker, i AS seq, repeat('x', 40) || i AS payload "
                        + "FROM range(" + from + ", " + to + ") t(i)", file);
                files.add(dataFile(table, file, to - from));
            }
            WriteMode mode = overwrites(version) ? WriteMode.OVERWRITE : WriteMode.APPEND;
            table.commit(new CommitRequest(base, SCHEMA, files, mode, Map.of(CommitRequest.RUN_ID, "v" + version)));
            System.out.println("committed " + version);
            System.out.flush();
        }
    }

    /** Loads DuckDB's native library and Kernel's classes, so that the kill delay is spent writing and committing. */
    private static void warmUp(ProductTable table, DuckDbParquetFiles parquet) {
        parquet.query("SELECT 1");
        table.current();
    }

    private static DataFile dataFile(ProductTable table, Path file, long rows) {
        try {
            return new DataFile(table.location().relativize(file).toString(), Files.size(file), rows,
                    Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
