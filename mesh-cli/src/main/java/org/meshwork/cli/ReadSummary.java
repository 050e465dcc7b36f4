package org.meshwork.cli;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a read told about itself besides its rows: how many were written (known in embedded mode), the snapshot read,
 * the cursor of the next page, and whether the workspace's row limit cut it.
 */
record ReadSummary(OptionalLong rows, OptionalLong version, Optional<String> nextCursor, boolean truncated) {

    ReadSummary {
        requireNonNull(rows, "rows is null");
        requireNonNull(version, "version is null");
        requireNonNull(nextCursor, "nextCursor is null");
    }
}
