package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Maps locations that start with {@code prefix} (e.g. {@code s3://}) to a local directory. The embedded default keeps
 * object-store locations on the local disk, below the workspace, and says so at apply.
 */
public record StorageRoot(String prefix, Path directory) {
    public StorageRoot {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(directory, "directory is null");
    }
}
