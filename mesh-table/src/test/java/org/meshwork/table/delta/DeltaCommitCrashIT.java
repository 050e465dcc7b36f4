package org.meshwork.table.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.table.DataFile;
import org.meshwork.api.table.ProductTable;
import org.meshwork.api.table.Snapshot;
import org.meshwork.api.table.VacuumResult;

/**
 * Kills a writer process with SIGKILL at random moments while it writes Parquet files and commits versions, then
 * checks that the table is always at a committed version whose data is complete, and that vacuum removes what the
 * dead writer left behind.
 */
class DeltaCommitCrashIT {

    private static final int TRIALS = 12;
    private static final int MAX_DELAY_MILLIS = 1_500;

    @TempDir
    Path workspace;

    private final DuckDbParquetFiles parquet = new DuckDbParquetFiles();

    @Test
    void aKilledWriterLeavesTheLastCommittedVersionIntactAndOnlyOrphansBehind() throws Exception {
        Path location = workspace.resolve("crash");
        Random random = new Random(20261124L);
        int trialsWithDeletions = 0;
        long filesDeleted = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long before = new DeltaTableFormat().open(location).current().map(Snapshot::version).orElse(-1L);
            long lastKnown = Math.max(before, killWriterAfter(location, random.nextInt(MAX_DELAY_MILLIS + 1)));

            ProductTable table = new DeltaTableFormat().open(location);
            Optional<Snapshot> current = table.current();
            long version = current.map(Snapshot::version).orElse(-1L);
            assertThat(version).as("trial %d: the table keeps every reported commit", trial)
                    .isGreaterThanOrEqualTo(lastKnown);
            assertThat(version).as("trial %d: at most one commit landed unreported", trial)
                    .isLessThanOrEqualTo(lastKnown + 1);
            current.ifPresent(snapshot -> assertComplete(table, snapshot));

            VacuumResult vacuum = table.vacuum(Duration.ZERO, Instant.now().plusSeconds(1));
            filesDeleted += vacuum.deletedFiles().size();
            trialsWithDeletions += vacuum.deletedFiles().isEmpty() ? 0 : 1;
            Set<String> referenced = current.map(s -> s.files().stream().map(DataFile::path).collect(Collectors.toSet()))
                    .orElse(Set.of());
            assertThat(dataFilesUnder(location)).as("trial %d: after vacuum only referenced files remain", trial)
                    .isEqualTo(referenced);
            current.ifPresent(snapshot -> assertComplete(table, table.current().orElseThrow()));
            System.out.printf("trial %2d: killed after commit %d was reported, table at version %d, vacuum removed "
                    + "%d files%n", trial, lastKnown, version, vacuum.deletedFiles().size());
        }
        Snapshot last = new DeltaTableFormat().open(location).current().orElseThrow();
        System.out.printf("%d trials, final version %d; vacuum deleted files after %d trials, %d in all "
                + "(orphans of killed writes and files replaced by overwrites)%n",
                TRIALS, last.version(), trialsWithDeletions, filesDeleted);
        assertThat(last.version()).as("the writers made progress across trials").isPositive();
    }

    /**
     * Starts a writer, kills it {@code delayMillis} after it is ready, and returns the last commit it reported (-1 for
     * none).
     */
    private long killWriterAfter(Path location, int delayMillis) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), location.toString())
                .redirectError(workspace.resolve("writer.err").toFile())
                .start();
        AtomicLong reported = new AtomicLong(-1);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("ready")) {
                        ready.countDown();
                    } else if (line.startsWith("committed ")) {
                        reported.set(Long.parseLong(line.substring("committed ".length())));
                    }
                }
            } catch (IOException e) {
                // the process died; its last reported commit is all we need
            }
        });
        reader.start();
        try {
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("the writer started; see %s",
                    workspace.resolve("writer.err")).isTrue();
            assertThat(process.isAlive()).as("the writer is running; see %s", workspace.resolve("writer.err")).isTrue();
            Thread.sleep(delayMillis);
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        return reported.get();
    }

    /** Every file exists, and the rows are exactly those of the committed versions since the last overwrite. */
    private void assertComplete(ProductTable table, Snapshot snapshot) {
        List<Path> files = snapshot.files().stream().map(file -> table.location().resolve(file.path())).toList();
        assertThat(files).allSatisfy(file -> assertThat(file).isRegularFile());
        long firstVersion = snapshot.version();
        while (firstVersion > 0 && !CrashingWriter.overwrites(firstVersion)) {
            firstVersion--;
        }
        TreeMap<Long, Long> expected = new TreeMap<>();
        for (long version = firstVersion; version <= snapshot.version(); version++) {
            expected.put(version, CrashingWriter.rowsOf(version));
        }
        TreeMap<Long, Long> actual = new TreeMap<>();
        for (List<String> row : parquet.query("SELECT marker, count(*), count(DISTINCT seq) FROM "
                + DuckDbParquetFiles.readParquet(files) + " GROUP BY marker")) {
            long marker = Long.parseLong(row.get(0));
            assertThat(row.get(2)).as("version %d has no duplicate rows", marker).isEqualTo(row.get(1));
            actual.put(marker, Long.parseLong(row.get(1)));
        }
        assertThat(actual).as("rows per committed version in snapshot %d", snapshot.version()).isEqualTo(expected);
        assertThat(snapshot.rowCount()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
    }

    private static Set<String> dataFilesUnder(Path location) throws IOException {
        if (!Files.isDirectory(location)) {
            return Set.of();
        }
        Path log = location.resolve(DeltaProductTable.LOG_DIRECTORY);
        try (Stream<Path> walk = Files.walk(location)) {
            List<String> files = new ArrayList<>();
            walk.filter(Files::isRegularFile).filter(path -> !path.startsWith(log))
                    .forEach(path -> files.add(location.relativize(path).toString()));
            return Set.copyOf(files);
        }
    }
}
