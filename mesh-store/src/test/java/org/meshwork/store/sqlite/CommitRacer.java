package org.meshwork.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;

/**
 * One contender of {@link SqliteMetadataStoreIT}'s two-process race, run in its own JVM. It opens the store, creates
 * its ready file, waits for the start file, then commits version 2 of {@code dp.sales.orders} on base version 1 and
 * prints one line: {@code RESULT won}, {@code RESULT conflict <message>} or {@code RESULT error <message>}.
 *
 * <p>Arguments: database file, ready file, start file, racer name.
 */
public final class CommitRacer {
    static final ResourceKey KEY = ResourceKey.product(ProductId.parse("dp.sales.orders"));
    static final String RESULT = "RESULT ";
    static final int EXIT_WON = 0;
    static final int EXIT_CONFLICT = 3;
    static final int EXIT_ERROR = 1;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private CommitRacer() {}

    /** The document a racer commits, which tells the winner apart. */
    static String document(String racer) {
        return "{\"racer\":\"" + racer + "\"}";
    }

    public static void main(String[] args) throws Exception {
        Path databaseFile = Path.of(args[0]);
        Path readyFile = Path.of(args[1]);
        Path startFile = Path.of(args[2]);
        String racer = args[3];
        int exitCode;
        try (SqliteMetadataStore store = SqliteMetadataStore.open(databaseFile)) {
            ResourceChange change = new ResourceChange(KEY, 1, Optional.of(DomainName.of("sales")), document(racer),
                    "sha256:" + racer);
            Files.createFile(readyFile);
            awaitStart(startFile);
            try {
                store.commit(List.of(change), UserName.of(racer), Instant.now());
                System.out.println(RESULT + "won");
                exitCode = EXIT_WON;
            } catch (CommitConflictException e) {
                System.out.println(RESULT + "conflict " + e.getMessage());
                exitCode = EXIT_CONFLICT;
            }
        } catch (RuntimeException e) {
            System.out.println(RESULT + "error " + e);
            e.printStackTrace(System.out);
            exitCode = EXIT_ERROR;
        }
        System.out.flush();
        System.exit(exitCode);
    }

    private static void awaitStart(Path startFile) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(startFile)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no start signal " + startFile + " within " + START_TIMEOUT);
            }
            Thread.sleep(0, 200_000);
        }
    }
}
