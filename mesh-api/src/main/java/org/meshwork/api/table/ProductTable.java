package org.meshwork.api.table;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One data product's table: a sequence of committed {@link Snapshot}s numbered from 0, stored under {@link #location()}.
 *
 * <p><b>Writing.</b> A writer asks for a {@link #newDataDirectory(String) data directory}, writes Parquet files into it,
 * and hands them to {@link #commit(CommitRequest)}. Files become part of the table only at commit, and a commit is
 * atomic: readers see either the previous snapshot or the new one, never a part of it. A writer that dies before its
 * commit leaves unreferenced files that no snapshot lists; {@link #vacuum} deletes them later.
 *
 * <p><b>Reading.</b> Snapshots are immutable values; their files stay in place at least until a {@link #vacuum} that
 * runs after the snapshot stopped being current for longer than the retention.
 *
 * <p>Implementations are safe to use from several threads and several processes at once. Every method reads the
 * table's state afresh from storage.
 */
public interface ProductTable {

    /** The table's root directory; every {@link DataFile#path()} of its snapshots is relative to it. */
    Path location();

    /** The latest committed snapshot, or empty when the table was never committed. */
    Optional<Snapshot> current();

    /**
     * The snapshot committed as {@code version}.
     *
     * @throws NoSuchSnapshotException when the table has no such version (never committed, or its log expired)
     */
    Snapshot version(long version);

    /**
     * The latest snapshot committed at or before {@code time} (time travel).
     *
     * @throws NoSuchSnapshotException when the table does not exist or {@code time} lies before its first commit
     */
    Snapshot asOf(Instant time);

    /** One entry per committed version, newest first; empty when the table was never committed. */
    List<SnapshotInfo> history();

    /**
     * Creates and returns a new, empty directory inside the table root where a writer puts the Parquet files of one
     * commit. Nothing in it is visible to readers until the files are committed in place.
     *
     * @param runId the writing run's id: letters, digits, {@code .}, {@code _} and {@code -}; the directory's name
     *     contains it, so files of a failed run can be traced back to it
     * @throws org.meshwork.api.InvalidArgumentException when {@code runId} contains other characters
     */
    Path newDataDirectory(String runId);

    /**
     * Atomically commits a new snapshot at version {@code request.expectedVersion() + 1}.
     *
     * <p>Optimistic: the commit succeeds only when the table's latest version is still the request's expected version
     * (or, for {@link CommitRequest#NEW_TABLE}, the table does not exist yet). Of two writers that commit on the same
     * expected version, exactly one wins.
     *
     * @return the new snapshot
     * @throws org.meshwork.api.CommitConflictException when the latest version is not the expected one; nothing was
     *     committed
     * @throws org.meshwork.api.InvalidArgumentException when a file does not exist or lies outside the table root, when
     *     the schema cannot be stored in this format, or when an {@code APPEND} changes the schema; nothing was committed
     */
    Snapshot commit(CommitRequest request);

    /**
     * Atomically commits a new snapshot at version {@code expectedVersion + 1} that holds the current snapshot's files
     * except {@code paths}, with the same schema: whole files leave the table and the files kept are not rewritten (they
     * keep their identity, and so the commit that added them). Used to expire data by the time it was committed.
     *
     * @param paths files of the current snapshot, relative to the table root; not empty
     * @param info as for {@link CommitRequest#info()}
     * @return the new snapshot
     * @throws org.meshwork.api.CommitConflictException when the latest version is not {@code expectedVersion}; nothing
     *     was committed
     * @throws org.meshwork.api.InvalidArgumentException when {@code paths} is empty or names a file the current snapshot
     *     does not hold; nothing was committed
     */
    Snapshot removeFiles(long expectedVersion, java.util.Set<String> paths, java.util.Map<String, String> info);

    /**
     * Deletes files under the table root that no snapshot still worth keeping refers to: files of failed or abandoned
     * writes, and files that left the table (by an overwrite) more than {@code retention} before {@code now}. A file is
     * deleted only when it was last modified more than {@code retention} before {@code now}, so a write in progress
     * that is younger than the retention keeps its files. The table's log is never touched. Snapshots older than the
     * retention may no longer be readable afterwards.
     *
     * @param retention how long unreferenced files and replaced snapshots stay readable; not negative
     * @param now the current time (a parameter so that tests and operators can reason about it)
     * @return what was deleted
     */
    VacuumResult vacuum(Duration retention, Instant now);
}
