package org.meshwork.api.audit;

import java.util.List;

/** The audit log as stored: appends, queries, and the verification of its hash chain. */
public interface AuditTrail extends AuditLog {

    /** Appends the event and returns the stored entry. */
    AuditEntry record(AuditEvent event);

    /**
     * Appends the events in order and returns their stored entries. A store that can should write them in one
     * transaction (all or none durable, one flush to disk for the lot); this default appends them one by one.
     */
    default List<AuditEntry> recordAll(List<AuditEvent> events) {
        return events.stream().map(this::record).toList();
    }

    @Override
    default void append(AuditEvent event) {
        record(event);
    }

    List<AuditEntry> query(AuditQuery query);

    /** Walks the whole chain and names the first entry that breaks it. */
    AuditVerification verify();
}
