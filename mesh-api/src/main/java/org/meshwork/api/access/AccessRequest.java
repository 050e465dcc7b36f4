package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;

/**
 * A consumer's request to read a product, decided by the owning domain (or at once by the product's auto-approval
 * rules). Approval creates a {@link Grant} for the requester.
 *
 * @param columns the columns asked for, empty for every column
 * @param decidedBy who approved or denied it; {@code auto-approval} rules are recorded as the requester's rule match in
 *     {@code reason}
 * @param grantId the grant an approval created
 */
public record AccessRequest(
        String id,
        ProductId product,
        UserName requester,
        Optional<String> purpose,
        List<String> columns,
        AccessRequestStatus status,
        Instant requestedAt,
        Optional<UserName> decidedBy,
        Optional<Instant> decidedAt,
        Optional<String> reason,
        Optional<String> grantId) {

    public AccessRequest {
        requireNonNull(id, "id is null");
        requireNonNull(product, "product is null");
        requireNonNull(requester, "requester is null");
        requireNonNull(purpose, "purpose is null");
        columns = List.copyOf(columns);
        requireNonNull(status, "status is null");
        requireNonNull(requestedAt, "requestedAt is null");
        requireNonNull(decidedBy, "decidedBy is null");
        requireNonNull(decidedAt, "decidedAt is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(grantId, "grantId is null");
    }

    /** This request, decided. */
    public AccessRequest decided(AccessRequestStatus outcome, UserName by, Instant at, String why, Optional<String> grant) {
        return new AccessRequest(id, product, requester, purpose, columns, outcome, requestedAt, Optional.of(by),
                Optional.of(at), Optional.of(why), grant);
    }
}
