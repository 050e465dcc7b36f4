package org.meshwork.api.table;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a table's history: a commit, without its file list.
 *
 * @param version the committed version
 * @param committedAt when it was committed
 * @param operation the table format's name for what the commit did, e.g. {@code WRITE}, {@code CREATE TABLE}
 * @param addedFiles how many data files the commit added
 * @param removedFiles how many data files the commit removed from the table
 * @param addedRows how many rows the added files hold
 * @param info what the commit recorded about its origin (see {@link CommitRequest#info()})
 */
public record SnapshotInfo(
        long version,
        Instant committedAt,
        String operation,
        long addedFiles,
        long removedFiles,
        long addedRows,
        Map<String, String> info) {

    public SnapshotInfo {
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(operation, "operation is null");
        info = Map.copyOf(requireNonNull(info, "info is null"));
    }
}
