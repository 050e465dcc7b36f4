package org.meshwork.api.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A result written to a file by {@link GovernedSession#exportParquet}: where, and how many rows it holds. */
public record ExportedFile(Path file, long rows) {
    public ExportedFile {
        requireNonNull(file, "file is null");
    }
}
