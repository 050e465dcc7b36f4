package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/**
 * How to size and confine one {@link EngineSession}.
 *
 * @param runId the run the session works for; recorded with quarantined rows and in run columns
 * @param memoryLimit the most memory the engine may use, e.g. {@code 4GB} or {@code 512MiB}; beyond it the engine
 *     spills to {@code tempDirectory}; empty for the engine's default
 * @param threads the number of worker threads; empty for the engine's default (all cores)
 * @param tempDirectory where the session keeps spill and staging files (in a subdirectory of its own, deleted on
 *     close); empty for the system temporary directory
 * @param outputRoots the only directories the session may write to (and read from) once its load phase has ended;
 *     pass the roots of the tables this run writes (its product and its quarantine), never a whole lake, since SQL of
 *     the session can read whatever lies below them
 */
public record SessionOptions(
        String runId, Optional<String> memoryLimit, OptionalInt threads, Optional<Path> tempDirectory, List<Path> outputRoots) {

    private static final Pattern MEMORY = Pattern.compile("[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)");

    public SessionOptions {
        requireNonNull(runId, "runId is null");
        InvalidArgumentException.check(!runId.isBlank(), "run id is blank");
        requireNonNull(memoryLimit, "memoryLimit is null");
        memoryLimit.ifPresent(limit -> InvalidArgumentException.check(
                MEMORY.matcher(limit.trim().toUpperCase(Locale.ROOT)).matches(),
                "memory limit '%s' is not valid: use a number and a unit, e.g. 512MB or 4GB", limit));
        requireNonNull(threads, "threads is null");
        threads.ifPresent(count -> InvalidArgumentException.check(count > 0, "threads must be positive, got %d", count));
        requireNonNull(tempDirectory, "tempDirectory is null");
        outputRoots = outputRoots.stream().map(path -> path.toAbsolutePath().normalize()).toList();
    }

    /** Defaults for everything but the run id and the output roots. */
    public static SessionOptions of(String runId, List<Path> outputRoots) {
        return new SessionOptions(runId, Optional.empty(), OptionalInt.empty(), Optional.empty(), outputRoots);
    }

    public SessionOptions withMemoryLimit(String limit) {
        return new SessionOptions(runId, Optional.of(limit), threads, tempDirectory, outputRoots);
    }

    public SessionOptions withThreads(int count) {
        return new SessionOptions(runId, memoryLimit, OptionalInt.of(count), tempDirectory, outputRoots);
    }

    public SessionOptions withTempDirectory(Path directory) {
        return new SessionOptions(runId, memoryLimit, threads, Optional.of(directory), outputRoots);
    }
}
