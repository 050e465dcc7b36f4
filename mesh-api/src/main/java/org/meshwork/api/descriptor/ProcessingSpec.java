package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Which engine runs the transform (the guide's {@code processing}): {@code duckdb} (default) or {@code spark}, and its sizing. */
public record ProcessingSpec(
        Optional<String> engine,
        Optional<String> version,
        Optional<Boolean> autoScaling,
        Optional<Integer> minWorkers,
        Optional<Integer> maxWorkers) {

    public static final String DEFAULT_ENGINE = "duckdb";

    public ProcessingSpec {
        requireNonNull(engine, "engine is null");
        requireNonNull(version, "version is null");
        requireNonNull(autoScaling, "autoScaling is null");
        requireNonNull(minWorkers, "minWorkers is null");
        requireNonNull(maxWorkers, "maxWorkers is null");
    }

    public String engineOrDefault() {
        return engine.orElse(DEFAULT_ENGINE);
    }
}
