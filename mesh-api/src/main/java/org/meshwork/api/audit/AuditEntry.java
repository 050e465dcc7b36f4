package org.meshwork.api.audit;

import static java.util.Objects.requireNonNull;

/**
 * One stored link of the audit chain: the event, its position, the hash of the entry before it and its own hash,
 * {@code SHA-256(previousHash || canonical form of sequence and event)}.
 */
public record AuditEntry(long sequence, AuditEvent event, String previousHash, String hash) {

    public AuditEntry {
        requireNonNull(event, "event is null");
        requireNonNull(previousHash, "previousHash is null");
        requireNonNull(hash, "hash is null");
    }
}
