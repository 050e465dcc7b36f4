package org.meshwork.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.LineageStore;

/**
 * A {@link LineageStore} in memory, for metadata stores that have no database of their own to keep lineage in: the
 * lineage is derived again from the descriptors after a restart, so nothing is lost but the per-run records.
 */
public final class MemoryLineageStore implements LineageStore {
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<String, String> runs = new ConcurrentHashMap<>();

    @Override
    public void recordVersion(ProductId product, long descriptorVersion, String lineageJson, Instant at) {
        versions.put(product + "@" + descriptorVersion, requireNonNull(lineageJson, "lineageJson is null"));
    }

    @Override
    public void recordRun(String runId, ProductId product, long descriptorVersion, String lineageJson, Instant at) {
        runs.put(requireNonNull(runId, "runId is null"), requireNonNull(lineageJson, "lineageJson is null"));
    }

    @Override
    public Optional<String> version(ProductId product, long descriptorVersion) {
        return Optional.ofNullable(versions.get(product + "@" + descriptorVersion));
    }

    @Override
    public Optional<String> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }
}
