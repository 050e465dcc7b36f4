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

    @Override
    void close();
}
