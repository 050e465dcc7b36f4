package org.meshwork.api.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The result of walking the audit chain.
 *
 * @param entries how many entries were checked
 * @param headHash the hash of the last entry (record it elsewhere to detect a rewrite of the whole chain)
 * @param firstBadSequence the first entry that does not fit the chain (changed, removed, inserted or reordered)
 * @param problem what is wrong with it, in words
 */
public record AuditVerification(long entries, String headHash, Optional<Long> firstBadSequence, Optional<String> problem) {

    public AuditVerification {
        requireNonNull(headHash, "headHash is null");
        requireNonNull(firstBadSequence, "firstBadSequence is null");
        requireNonNull(problem, "problem is null");
    }

    public boolean intact() {
        return firstBadSequence.isEmpty();
    }
}
