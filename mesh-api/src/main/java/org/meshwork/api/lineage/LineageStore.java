package org.meshwork.api.lineage;

import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.ProductId;

/**
 * Keeps the lineage of each product per descriptor version (derived when the version is applied) and per run (what the
 * run actually read and wrote). The lineage is an opaque JSON document to the store; the catalog defines its shape.
 * Lineage is derived data: recording a version's lineage again replaces it.
 */
public interface LineageStore {
    /** Records (or replaces) the lineage of a product's descriptor version. */
    void recordVersion(ProductId product, long descriptorVersion, String lineageJson, Instant at);

    /** Records (or replaces) the lineage of one run. */
    void recordRun(String runId, ProductId product, long descriptorVersion, String lineageJson, Instant at);

    Optional<String> version(ProductId product, long descriptorVersion);

    Optional<String> run(String runId);
}
