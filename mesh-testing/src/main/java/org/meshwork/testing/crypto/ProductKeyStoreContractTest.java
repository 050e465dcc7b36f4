package org.meshwork.testing.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.crypto.ProductKey;
import org.meshwork.api.crypto.ProductKeyStore;

/**
 * The behaviour every {@link ProductKeyStore} must have: the first insert wins, the newest version is current, and a
 * re-wrap changes every key or none. An implementation's test subclasses this and returns a new, empty store.
 */
public abstract class ProductKeyStoreContractTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId PROFILES = ProductId.parse("dp.customer.profiles");
    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00.123456789Z");
    private static final Instant T2 = Instant.parse("2026-11-24T11:00:00Z");

    private ProductKeyStore store;

    protected abstract ProductKeyStore newKeyStore();

    @BeforeEach
    void openStore() {
        store = newKeyStore();
    }

    private static ProductKey key(ProductId product, int version, String wrapped) {
        return new ProductKey(product, version, wrapped, "mk-0000000000000001", T1, T1);
    }

    @Test
    void theFirstInsertWinsAndTheNewestVersionIsCurrent() {
        assertThat(store.current(ORDERS)).isEmpty();
        assertThat(store.insert(key(ORDERS, 1, "wrapped-a"))).isTrue();
        assertThat(store.insert(key(ORDERS, 1, "wrapped-b"))).as("a second writer of the same version loses").isFalse();
        assertThat(store.current(ORDERS)).contains(key(ORDERS, 1, "wrapped-a"));
        assertThat(store.insert(key(ORDERS, 2, "wrapped-c"))).isTrue();
        assertThat(store.current(ORDERS)).map(ProductKey::keyVersion).contains(2);
        assertThat(store.insert(key(PROFILES, 1, "wrapped-d"))).isTrue();
        assertThat(store.all()).extracting(k -> k.product() + "@" + k.keyVersion())
                .containsExactly("dp.customer.profiles@1", "dp.sales.orders@1", "dp.sales.orders@2");
    }

    @Test
    void aRewrapChangesEveryKeyOrNone() {
        store.insert(key(ORDERS, 1, "wrapped-a"));
        store.insert(key(PROFILES, 1, "wrapped-b"));
        ProductKey orders = store.current(ORDERS).orElseThrow().rewrapped("new-a", "mk-0000000000000002", T2);
        ProductKey missing = key(ProductId.parse("dp.x.missing"), 1, "x").rewrapped("new-x", "mk-0000000000000002", T2);
        assertThatThrownBy(() -> store.rewrap(List.of(orders, missing))).hasMessageContaining("dp.x.missing");
        assertThat(store.current(ORDERS)).contains(key(ORDERS, 1, "wrapped-a"));

        ProductKey profiles = store.current(PROFILES).orElseThrow().rewrapped("new-b", "mk-0000000000000002", T2);
        store.rewrap(List.of(orders, profiles));
        assertThat(store.current(ORDERS)).contains(orders);
        assertThat(store.current(PROFILES)).contains(profiles);
        assertThat(store.current(ORDERS).orElseThrow().createdAt()).isEqualTo(T1);
        assertThat(store.current(ORDERS).orElseThrow().wrappedAt()).isEqualTo(T2);
    }
}
