package org.meshwork.testing.access;

import org.meshwork.api.store.GovernanceStores;
import org.meshwork.testing.store.InMemoryMetadataStore;

/** The fakes pass the same contract as the real stores (tampering needs a database, so those tests pass vacuously). */
class InMemoryGovernanceStoresTest extends GovernanceStoresContractTest {
    private InMemoryMetadataStore last;

    @Override
    protected GovernanceStores newStores() {
        last = new InMemoryMetadataStore();
        return last;
    }

    @Override
    protected GovernanceStores sameDatabase() {
        InMemoryMetadataStore shared = last;
        return new GovernanceStores() {
            @Override
            public org.meshwork.api.access.AccessStore accessStore() {
                return shared.accessStore();
            }

            @Override
            public org.meshwork.api.audit.AuditTrail auditTrail() {
                return shared.auditTrail();
            }

            @Override
            public org.meshwork.api.policy.PolicyComplianceStore policyCompliance() {
                return shared.policyCompliance();
            }
        };
    }

    @Override
    protected boolean tamper(String sql) {
        return false;
    }
}
