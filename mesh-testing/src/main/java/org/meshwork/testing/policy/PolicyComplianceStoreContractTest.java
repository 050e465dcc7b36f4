package org.meshwork.testing.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.policy.ComplianceRecord;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.api.policy.PolicyVerdict;

/**
 * The behaviour every {@link PolicyComplianceStore} must have: the latest record per (product, policy), replace-all,
 * ordering. An implementation's test subclasses this and returns a new, empty store.
 */
public abstract class PolicyComplianceStoreContractTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private static final ProductId PROFILES = ProductId.parse("dp.customer.profiles");
    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00.123456789Z");
    private static final Instant T2 = Instant.parse("2026-11-24T11:00:00Z");

    private PolicyComplianceStore store;

    protected abstract PolicyComplianceStore newComplianceStore();

    @BeforeEach
    void openStore() {
        store = newComplianceStore();
    }

    private static ComplianceRecord record(ProductId product, String policy, PolicyVerdict verdict, Instant at,
            PolicyStage in) {
        return new ComplianceRecord(product, policy, PolicyStage.APPLY, Enforcement.REQUIRED, verdict,
                "reason of " + policy, at, in);
    }

    @Test
    void aNewRecordReplacesTheOldOneOfTheSameProductAndPolicy() {
        store.record(List.of(record(ORDERS, "data-lineage", PolicyVerdict.FAIL, T1, PolicyStage.APPLY),
                record(ORDERS, "sales/quota", PolicyVerdict.WARN, T1, PolicyStage.APPLY)));
        store.record(List.of(record(ORDERS, "data-lineage", PolicyVerdict.PASS, T2, PolicyStage.RUN)));

        assertThat(store.of(ORDERS)).containsExactly(
                record(ORDERS, "data-lineage", PolicyVerdict.PASS, T2, PolicyStage.RUN),
                record(ORDERS, "sales/quota", PolicyVerdict.WARN, T1, PolicyStage.APPLY));
    }

    @Test
    void replaceAllDropsWhatIsNotGivenAndAllIsOrderedByProductAndPolicy() {
        store.record(List.of(record(ORDERS, "old-policy", PolicyVerdict.FAIL, T1, PolicyStage.APPLY)));
        store.replaceAll(List.of(record(ORDERS, "b", PolicyVerdict.PASS, T2, PolicyStage.CONTINUOUS),
                record(PROFILES, "a", PolicyVerdict.INFO, T2, PolicyStage.CONTINUOUS),
                record(ORDERS, "a", PolicyVerdict.PASS, T2, PolicyStage.CONTINUOUS)));

        assertThat(store.all()).extracting(r -> r.product() + " " + r.policyKey())
                .containsExactly("dp.customer.profiles a", "dp.sales.orders a", "dp.sales.orders b");
        assertThat(store.of(PROFILES)).singleElement().isEqualTo(
                record(PROFILES, "a", PolicyVerdict.INFO, T2, PolicyStage.CONTINUOUS));
    }

    @Test
    void anEmptyStoreHasNoRecordsAndRecordingNothingChangesNothing() {
        store.record(List.of());
        assertThat(store.all()).isEmpty();
        assertThat(store.of(ORDERS)).isEmpty();
    }
}
