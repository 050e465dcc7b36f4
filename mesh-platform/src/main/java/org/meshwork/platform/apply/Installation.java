package org.meshwork.platform.apply;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.meshwork.api.engine.Engines;

/**
 * What this installation provides to run and keep products: its engines (with their versions and whether they scale
 * out), the table formats it can write, and the threads its embedded engine is given ({@code mesh.yaml}
 * {@code engine.threads}). Apply checks every product's {@code processing} and {@code storage} against it.
 */
public record Installation(Engines engines, Set<String> tableFormats, int engineThreads) {
    public Installation {
        requireNonNull(engines, "engines is null");
        tableFormats = Set.copyOf(tableFormats);
        if (engineThreads < 1) {
            throw new IllegalArgumentException("engineThreads must be at least 1, got " + engineThreads);
        }
    }
}
