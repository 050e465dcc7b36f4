package org.meshwork.api.audit;

import java.util.List;

/** The audit log as stored: appends, queries, and the verification of its hash chain. */
public interface AuditTrail extends AuditLog {

    /** Appends the event and returns the stored entry. */
    AuditEntry record(AuditEvent event);

    @Override
    default void append(AuditEvent event) {
        record(event);
    }

    List<AuditEntry> query(AuditQuery query);

    /** Walks the whole chain and names the first entry that breaks it. */
    AuditVerification verify();
}
