package org.meshwork.api.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;

/**
 * A page of the audit log: entries after {@code afterSequence} (0 for the start) matching every given filter, in
 * chain order, at most {@code limit}. The next page starts after the last sequence returned.
 */
public record AuditQuery(
        Optional<ProductId> product,
        Optional<UserName> actor,
        Optional<String> action,
        Optional<Instant> since,
        long afterSequence,
        int limit) {

    public static final int LIMIT_MAX = 10_000;

    public AuditQuery {
        requireNonNull(product, "product is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(since, "since is null");
        InvalidArgumentException.check(afterSequence >= 0, "after must be 0 or more, got %d", afterSequence);
        InvalidArgumentException.check(limit >= 1 && limit <= LIMIT_MAX, "limit must be between 1 and %d, got %d",
                LIMIT_MAX, limit);
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, limit);
    }
}
