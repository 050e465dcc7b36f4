package org.meshwork.api.store;

import org.meshwork.api.access.AccessStore;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.policy.PolicyComplianceStore;

/**
 * Implemented by a {@link MetadataStore} that also keeps the access tables, the audit chain and the policy compliance status in the same database,
 * so that the composition root can take them from it without the store interface growing.
 */
public interface GovernanceStores {

    AccessStore accessStore();

    AuditTrail auditTrail();

    /** The latest policy verdict of every product (the compliance status). */
    PolicyComplianceStore policyCompliance();
}
