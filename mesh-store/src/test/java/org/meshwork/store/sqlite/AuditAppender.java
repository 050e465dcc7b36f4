package org.meshwork.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.UserName;
import org.meshwork.api.audit.AuditEvent;

/**
 * One process of {@link SqliteAuditProcessesIT}: opens the store, creates its ready file, waits for the start file,
 * appends {@code count} audit events as {@code actor}, and exits 0 (1 on any failure, with the stack trace).
 *
 * <p>Arguments: database file, ready file, start file, actor, count.
 */
public final class AuditAppender {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private AuditAppender() {}

    public static void main(String[] args) throws Exception {
        Path databaseFile = Path.of(args[0]);
        Path readyFile = Path.of(args[1]);
        Path startFile = Path.of(args[2]);
        String actor = args[3];
        int count = Integer.parseInt(args[4]);
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            Files.createFile(readyFile);
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!Files.exists(startFile)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("no start signal within " + START_TIMEOUT);
                }
                Thread.sleep(5);
            }
            for (int i = 0; i < count; i++) {
                store.auditTrail().append(new AuditEvent(Instant.now(), UserName.of(actor), "read", Optional.empty(),
                        "allowed", Map.of("i", Integer.toString(i)), Optional.empty()));
            }
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }
}
