package org.meshwork.catalog.openlineage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.meshwork.api.lineage.LineageDeliveryException;
import org.meshwork.api.lineage.LineageSink;

/**
 * Appends each event as one line of JSON to {@code <directory>/openlineage-<UTC date>.ndjson}. Appends take an OS file
 * lock, so the CLI and a server writing at once never interleave lines.
 */
public final class FileLineageSink implements LineageSink {
    private final Path directory;
    private final Clock clock;

    public FileLineageSink(Path directory, Clock clock) {
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void send(String runEventJson) {
        if (runEventJson.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an NDJSON event must be one line");
        }
        Path file = directory.resolve("openlineage-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".ndjson");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
                channel.write(java.nio.ByteBuffer.wrap((runEventJson + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new LineageDeliveryException("could not append an OpenLineage event to " + file + ": " + e.getMessage(), e);
        }
    }
}
