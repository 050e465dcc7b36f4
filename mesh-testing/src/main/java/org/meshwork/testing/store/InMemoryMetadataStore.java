package org.meshwork.testing.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.meshwork.api.CommitConflictException;
import org.meshwork.api.DomainName;
import org.meshwork.api.NoSuchRunException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.testing.policy.InMemoryPolicyComplianceStore;
import org.meshwork.api.store.GovernanceStores;
import org.meshwork.api.store.MetadataStore;
import org.meshwork.testing.access.InMemoryAccessStore;
import org.meshwork.testing.access.InMemoryAuditTrail;
import org.meshwork.api.store.ResourceChange;
import org.meshwork.api.store.ResourceKey;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.api.store.StoredResource;

/**
 * A {@link MetadataStore} held in memory, for tests of the code that uses a store. Thread-safe: every method holds the
 * store's lock, so a commit is atomic with respect to every other call. It passes {@link MetadataStoreContractTest}.
 */
public final class InMemoryMetadataStore implements MetadataStore, GovernanceStores {
    private static final Comparator<RunRecord> NEWEST_FIRST =
            Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId).reversed();

    private final Map<ResourceKey, List<StoredResource>> versions = new HashMap<>();
    private final Map<String, RunRecord> runs = new HashMap<>();
    /** The check results of each run that recorded any, in recorded order. */
    private final Map<String, List<StoredCheckResult>> checkResults = new LinkedHashMap<>();
    private boolean closed;
    private final InMemoryAccessStore accessStore = new InMemoryAccessStore();
    private final InMemoryAuditTrail auditTrail = new InMemoryAuditTrail();
    private final InMemoryPolicyComplianceStore compliance = new InMemoryPolicyComplianceStore();

    @Override
    public AccessStore accessStore() {
        return accessStore;
    }

    @Override
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    @Override
    public PolicyComplianceStore policyCompliance() {
        return compliance;
    }

    @Override
    public synchronized Optional<StoredResource> current(ResourceKey key) {
        requireNonNull(key, "key is null");
        checkOpen();
        List<StoredResource> history = versions.get(key);
        return history == null ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    @Override
    public synchronized Optional<StoredResource> version(ResourceKey key, long version) {
        requireNonNull(key, "key is null");
        checkOpen();
        List<StoredResource> history = versions.getOrDefault(key, List.of());
        return version < 1 || version > history.size() ? Optional.empty() : Optional.of(history.get((int) version - 1));
    }

    @Override
    public synchronized List<StoredResource> history(ResourceKey key) {
        requireNonNull(key, "key is null");
        checkOpen();
        return List.copyOf(versions.getOrDefault(key, List.of()));
    }

    @Override
    public synchronized List<StoredResource> list(ResourceKind kind) {
        requireNonNull(kind, "kind is null");
        checkOpen();
        return currentVersions(kind, Optional.empty());
    }

    @Override
    public synchronized List<StoredResource> list(ResourceKind kind, DomainName domain) {
        requireNonNull(kind, "kind is null");
        requireNonNull(domain, "domain is null");
        checkOpen();
        return currentVersions(kind, Optional.of(domain));
    }

    private List<StoredResource> currentVersions(ResourceKind kind, Optional<DomainName> domain) {
        return versions.entrySet().stream()
                .filter(entry -> entry.getKey().kind() == kind)
                .map(entry -> entry.getValue().get(entry.getValue().size() - 1))
                .filter(resource -> domain.isEmpty() || resource.domain().equals(domain))
                .sorted(Comparator.comparing(resource -> resource.key().name()))
                .toList();
    }

    @Override
    public synchronized List<StoredResource> commit(List<ResourceChange> changes, UserName actor, Instant at) {
        requireNonNull(changes, "changes is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(at, "at is null");
        checkOpen();
        Set<ResourceKey> keys = new HashSet<>();
        for (ResourceChange change : changes) {
            if (!keys.add(change.key())) {
                throw new IllegalArgumentException("a commit names " + change.key() + " twice");
            }
        }
        for (ResourceChange change : changes) {
            long actual = versions.getOrDefault(change.key(), List.of()).size();
            if (actual != change.baseVersion()) {
                throw new CommitConflictException(conflictMessage(change.key(), change.baseVersion(), actual));
            }
        }
        List<StoredResource> stored = new ArrayList<>(changes.size());
        for (ResourceChange change : changes) {
            StoredResource resource = new StoredResource(change.key(), change.baseVersion() + 1, change.domain(),
                    change.document(), change.contentHash(), actor, at);
            versions.computeIfAbsent(change.key(), key -> new ArrayList<>()).add(resource);
            stored.add(resource);
        }
        return List.copyOf(stored);
    }

    private static String conflictMessage(ResourceKey key, long expected, long actual) {
        return "commit of " + key + " conflicts: expected current version " + expected + " but it is " + actual
                + "; someone else committed first, re-read it and try again";
    }

    @Override
    public synchronized void insertRun(RunRecord run) {
        requireNonNull(run, "run is null");
        checkOpen();
        if (runs.containsKey(run.runId())) {
            throw new IllegalArgumentException("run '" + run.runId() + "' already exists");
        }
        runs.put(run.runId(), run);
    }

    @Override
    public synchronized void updateRun(RunRecord run) {
        requireNonNull(run, "run is null");
        checkOpen();
        if (!runs.containsKey(run.runId())) {
            throw new NoSuchRunException(run.runId());
        }
        runs.put(run.runId(), run);
    }

    @Override
    public synchronized Optional<RunRecord> run(String runId) {
        requireNonNull(runId, "runId is null");
        checkOpen();
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public synchronized List<RunRecord> runs(ProductId productId, int limit) {
        requireNonNull(productId, "productId is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        checkOpen();
        return runs.values().stream()
                .filter(run -> run.productId().equals(productId))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void insertCheckResults(String runId, Instant evaluatedAt, List<CheckResult> results) {
        requireNonNull(runId, "runId is null");
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        requireNonNull(results, "results is null");
        checkOpen();
        List<CheckResult> asStored = new ArrayList<>(results.size());
        for (CheckResult result : results) {
            asStored.add(StoredCheckResult.asStored(requireNonNull(result, "a result is null")));
        }
        RunRecord run = runs.get(runId);
        if (run == null) {
            throw new NoSuchRunException(runId);
        }
        if (checkResults.containsKey(runId)) {
            throw new IllegalArgumentException("the check results of run '" + runId + "' are recorded already");
        }
        if (!asStored.isEmpty()) {
            checkResults.put(runId, asStored.stream()
                    .map(result -> new StoredCheckResult(runId, run.productId(), evaluatedAt, result))
                    .toList());
        }
    }

    @Override
    public synchronized List<StoredCheckResult> checkResults(String runId) {
        requireNonNull(runId, "runId is null");
        checkOpen();
        return checkResults.getOrDefault(runId, List.of());
    }

    @Override
    public synchronized List<StoredCheckResult> checkHistory(ProductId productId, int runs) {
        requireNonNull(productId, "productId is null");
        if (runs < 0) {
            throw new IllegalArgumentException("runs must be >= 0: " + runs);
        }
        checkOpen();
        Comparator<List<StoredCheckResult>> newestFirst = Comparator
                .comparing((List<StoredCheckResult> results) -> results.get(0).evaluatedAt())
                .thenComparing(results -> results.get(0).runId())
                .reversed();
        return checkResults.values().stream()
                .filter(results -> results.get(0).productId().equals(productId))
                .sorted(newestFirst)
                .limit(runs)
                .flatMap(List::stream)
                .toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("metadata store is closed");
        }
    }
}
