package org.meshwork.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditVerification;

/**
 * Appends from several processes at once on one SQLite file form one chain: every entry present, sequences without
 * gaps or duplicates, every link intact — the write transaction serialises the read of the chain head.
 */
class SqliteAuditProcessesIT {
    private static final int PROCESSES = 3;
    private static final int EACH = 40;

    @TempDir
    Path directory;

    @Test
    void appendsFromSeveralProcessesFormOneChain() throws Exception {
        Path database = directory.resolve("meta.db");
        SqliteMetadataStore.open(database).close();
        Path start = directory.resolve("start");
        List<Process> processes = new ArrayList<>();
        List<Path> ready = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (int i = 0; i < PROCESSES; i++) {
            Path readyFile = directory.resolve("ready-" + i);
            ready.add(readyFile);
            processes.add(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    AuditAppender.class.getName(), database.toString(), readyFile.toString(), start.toString(),
                    "writer" + i, Integer.toString(EACH))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("out-" + i).toFile())
                    .start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready.stream().allMatch(Files::exists)) {
            assertThat(System.nanoTime()).as("processes ready in time").isLessThan(deadline);
            Thread.sleep(10);
        }
        Files.createFile(start);
        for (int i = 0; i < PROCESSES; i++) {
            assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).as("process %d ended", i).isTrue();
            assertThat(processes.get(i).exitValue()).as(Files.readString(directory.resolve("out-" + i))).isZero();
        }
        try (SqliteMetadataStore store = SqliteMetadataStore.open(database)) {
            AuditVerification verification = store.auditTrail().verify();
            assertThat(verification.problem()).isEmpty();
            assertThat(verification.entries()).isEqualTo(PROCESSES * EACH);
            List<AuditEntry> entries = store.auditTrail().query(AuditQuery.all(1000));
            assertThat(entries).extracting(AuditEntry::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, PROCESSES * EACH).boxed().toList());
            for (int i = 0; i < PROCESSES; i++) {
                String actor = "writer" + i;
                assertThat(entries).filteredOn(entry -> entry.event().actor().value().equals(actor)).hasSize(EACH);
            }
        }
    }
}
