package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.LineageStore;

/**
 * {@link LineageStore} in the metadata database ({@code product_lineage}, migration V4), sharing the metadata store's
 * connections, retries and write transactions. A replace is a delete and an insert in one transaction, which both
 * SQLite and PostgreSQL run the same way.
 */
final class JdbcLineageStore implements LineageStore {
    private static final String VERSION_ROW = "";

    private final JdbcMetadataStore store;

    JdbcLineageStore(JdbcMetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void recordVersion(ProductId product, long descriptorVersion, String lineageJson, Instant at) {
        replace(product, descriptorVersion, VERSION_ROW, lineageJson, at);
    }

    @Override
    public void recordRun(String runId, ProductId product, long descriptorVersion, String lineageJson, Instant at) {
        requireNonNull(runId, "runId is null");
        if (runId.isEmpty()) {
            throw new IllegalArgumentException("runId is empty");
        }
        replace(product, descriptorVersion, runId, lineageJson, at);
    }

    private void replace(ProductId product, long descriptorVersion, String runId, String lineageJson, Instant at) {
        requireNonNull(product, "product is null");
        requireNonNull(lineageJson, "lineageJson is null");
        requireNonNull(at, "at is null");
        store.inWriteTransaction("record the lineage of " + product + " version " + descriptorVersion, handle -> {
            handle.createUpdate("DELETE FROM product_lineage WHERE product_id = :product AND descriptor_version = :version"
                            + " AND run_id = :run")
                    .bind("product", product.toString()).bind("version", descriptorVersion).bind("run", runId).execute();
            return handle.createUpdate("INSERT INTO product_lineage (product_id, descriptor_version, run_id, recorded_at,"
                            + " document) VALUES (:product, :version, :run, :at, :document)")
                    .bind("product", product.toString()).bind("version", descriptorVersion).bind("run", runId)
                    .bind("at", TimestampText.format(at)).bind("document", lineageJson).execute();
        });
    }

    @Override
    public Optional<String> version(ProductId product, long descriptorVersion) {
        requireNonNull(product, "product is null");
        return store.withHandle("read the lineage of " + product + " version " + descriptorVersion, handle -> handle
                .createQuery("SELECT document FROM product_lineage WHERE product_id = :product"
                        + " AND descriptor_version = :version AND run_id = :run")
                .bind("product", product.toString()).bind("version", descriptorVersion).bind("run", VERSION_ROW)
                .mapTo(String.class).findOne());
    }

    @Override
    public Optional<String> run(String runId) {
        requireNonNull(runId, "runId is null");
        return store.withHandle("read the lineage of run " + runId, handle -> handle
                .createQuery("SELECT document FROM product_lineage WHERE run_id = :run")
                .bind("run", runId).mapTo(String.class).findOne());
    }
}
