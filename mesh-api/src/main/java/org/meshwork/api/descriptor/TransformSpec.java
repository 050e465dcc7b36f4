package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The SQL that turns sources into the product's output. Exactly one of {@code sql} (inline) or {@code file} (relative
 * to the descriptor) is set; with neither the single source passes through. {@code sql} holds the resolved text either
 * way. {@code watermark} names the column an {@code append} run advances on.
 */
public record TransformSpec(
        Optional<String> sql,
        Optional<String> file,
        WriteMode mode,
        Optional<String> watermark,
        boolean addRunColumns) {

    public TransformSpec {
        requireNonNull(sql, "sql is null");
        requireNonNull(file, "file is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(watermark, "watermark is null");
    }

    public static TransformSpec passThrough() {
        return new TransformSpec(Optional.empty(), Optional.empty(), WriteMode.OVERWRITE, Optional.empty(), false);
    }
}
