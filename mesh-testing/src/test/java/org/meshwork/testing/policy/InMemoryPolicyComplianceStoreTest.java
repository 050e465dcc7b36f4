package org.meshwork.testing.policy;

import org.meshwork.api.policy.PolicyComplianceStore;

class InMemoryPolicyComplianceStoreTest extends PolicyComplianceStoreContractTest {
    @Override
    protected PolicyComplianceStore newComplianceStore() {
        return new InMemoryPolicyComplianceStore();
    }
}
