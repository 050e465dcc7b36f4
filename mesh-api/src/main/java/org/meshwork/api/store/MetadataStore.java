package org.meshwork.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;

/**
 * The platform's system of record: every version of every applied resource, and the runs of every product.
 *
 * <p>Implementations are safe to use from several threads and several processes on the same database at once.
 * {@link #commit} is atomic and optimistic: either every change of the batch becomes visible, or none does.
 */
public interface MetadataStore extends AutoCloseable {

    /** The latest version of a resource. */
    Optional<StoredResource> current(ResourceKey key);

    /** One version of a resource. */
    Optional<StoredResource> version(ResourceKey key, long version);

    /** Every version of a resource, oldest first; empty when it was never committed. */
    List<StoredResource> history(ResourceKey key);

    /** The latest version of every resource of a kind, ordered by name. */
    List<StoredResource> list(ResourceKind kind);

    /** The latest version of every resource of a kind that belongs to a domain, ordered by name. */
    List<StoredResource> list(ResourceKind kind, DomainName domain);

    /**
     * Commits new versions of several resources at once, each at {@code baseVersion + 1}.
     *
     * @return the stored versions, in the order of {@code changes}
     * @throws org.meshwork.api.CommitConflictException when any resource's current version is not its change's
     *     {@code baseVersion}; nothing is stored then
     * @throws IllegalArgumentException when {@code changes} names one key twice
     */
    List<StoredResource> commit(List<ResourceChange> changes, UserName actor, Instant at);

    /**
     * Records a new run; its id must be new.
     *
     * @throws IllegalArgumentException when a run with the same id exists
     */
    void insertRun(RunRecord run);

    /**
     * Replaces the record of an existing run (progress, or the final state).
     *
     * @throws org.meshwork.api.NoSuchRunException when no run has that id
     */
    void updateRun(RunRecord run);

    Optional<RunRecord> run(String runId);

    /**
     * The most recent runs of a product, newest first (by start time, then by id descending).
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    List<RunRecord> runs(ProductId productId, int limit);

    /**
     * Records the results of a run's quality checks, in the order given, all at once (either all are stored or none
     * is). A run's results are recorded once. They are kept for the run's product at the time of the call, in their
     * stored form ({@link StoredCheckResult#asStored}: failing sample values as text). Recording an empty list
     * stores nothing: the run then has no results, and its results may still be recorded later.
     *
     * @param evaluatedAt when the checks were evaluated; it orders the runs in {@link #checkHistory}
     * @throws org.meshwork.api.NoSuchRunException when the run does not exist
     * @throws IllegalArgumentException when results of the run were recorded already, or a failing sample has a
     *     column without a name
     */
    void insertCheckResults(String runId, Instant evaluatedAt, List<org.meshwork.api.quality.CheckResult> results);

    /** The check results of one run, in the order they were recorded; empty when it recorded none or does not exist. */
    List<StoredCheckResult> checkResults(String runId);

    /**
     * The check results of a product's most recent runs that recorded any, newest run first and, within a run, in
     * recorded order: the data behind quality trends. Runs are ordered by the time their results were evaluated,
     * then by id descending; runs that recorded no results are skipped, so up to {@code runs} runs contribute.
     *
     * @throws IllegalArgumentException when {@code runs} is negative
     */
    List<StoredCheckResult> checkHistory(ProductId productId, int runs);

    @Override
    void close();
}
