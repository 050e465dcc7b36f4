package org.meshwork.api.store;

import org.meshwork.api.access.AccessStore;
import org.meshwork.api.audit.AuditTrail;

/**
 * Implemented by a {@link MetadataStore} that also keeps the access tables and the audit chain in the same database,
 * so that the composition root can take them from it without the store interface growing.
 */
public interface GovernanceStores {

    AccessStore accessStore();

    AuditTrail auditTrail();
}
