package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Resources the embedded engine may use: DuckDB's {@code memory_limit}, {@code threads} and the spill directory. */
public record EngineSettings(String memoryLimit, int threads, Path tempDirectory) {
    public static final String MEMORY_LIMIT_DEFAULT = "4GB";
    public static final int THREADS_DEFAULT = Math.max(1, Runtime.getRuntime().availableProcessors());

    public EngineSettings {
        requireNonNull(memoryLimit, "memoryLimit is null");
        requireNonNull(tempDirectory, "tempDirectory is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }
}
