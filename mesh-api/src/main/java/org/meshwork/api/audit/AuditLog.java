package org.meshwork.api.audit;

/**
 * The append-only, tamper-evident record of every data read and control action. Each entry carries the hash of the
 * one before it, so a changed, removed or reordered entry breaks the chain at that point.
 */
public interface AuditLog {

    /** Appends an event at the end of the chain; safe from several threads and processes. */
    void append(AuditEvent event);
}
