package org.meshwork.testing.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.lineage.LineageStore;

/** The behaviour every {@link LineageStore} must have; an implementation's test subclasses this. */
public abstract class LineageStoreContractTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    /** A new, empty store (for a JDBC store: one with the run {@code run-1} of {@code dp.sales.orders} recorded). */
    protected abstract LineageStore newStore();

    @Test
    void aVersionsLineageIsKeptPerVersionAndReplacedWhenRecordedAgain() {
        LineageStore store = newStore();
        store.recordVersion(ORDERS, 1, "{\"v\":1}", AT);
        store.recordVersion(ORDERS, 2, "{\"v\":2}", AT);
        store.recordVersion(ORDERS, 2, "{\"v\":\"2b\"}", AT.plusSeconds(1));

        assertThat(store.version(ORDERS, 1)).contains("{\"v\":1}");
        assertThat(store.version(ORDERS, 2)).contains("{\"v\":\"2b\"}");
        assertThat(store.version(ORDERS, 3)).isEmpty();
        assertThat(store.version(ProductId.parse("dp.sales.other"), 1)).isEmpty();
    }

    @Test
    void aRunsLineageIsKeptApartFromItsVersions() {
        LineageStore store = newStore();
        store.recordVersion(ORDERS, 1, "{\"version\":true}", AT);
        store.recordRun("run-1", ORDERS, 1, "{\"run\":true}", AT);

        assertThat(store.run("run-1")).contains("{\"run\":true}");
        assertThat(store.version(ORDERS, 1)).contains("{\"version\":true}");
        assertThat(store.run("run-2")).isEmpty();
    }
}
