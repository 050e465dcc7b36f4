package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.query.Predicate;

/**
 * Permission for a grantee to read one product, given by the product's owners (directly, or by approving an access
 * request). It may be narrowed to some columns and to the rows a filter keeps, may clear the grantee to see PII in
 * clear, and may expire.
 *
 * @param id the stable id, e.g. {@code g-3f9a…}
 * @param columns the columns it allows, empty for every column of the contract
 * @param rowFilter predicates every row read through this grant satisfies (a conjunction); empty for all rows
 * @param piiClearance whether PII columns are shown in clear (never outside production)
 * @param requestId the access request whose approval created it, if any
 */
public record Grant(
        String id,
        ProductId product,
        Grantee grantee,
        List<String> columns,
        List<Predicate> rowFilter,
        Optional<String> purpose,
        boolean piiClearance,
        UserName grantedBy,
        Instant grantedAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        Optional<String> requestId) {

    public Grant {
        requireNonNull(id, "id is null");
        requireNonNull(product, "product is null");
        requireNonNull(grantee, "grantee is null");
        columns = List.copyOf(columns);
        rowFilter = List.copyOf(rowFilter);
        requireNonNull(purpose, "purpose is null");
        requireNonNull(grantedBy, "grantedBy is null");
        requireNonNull(grantedAt, "grantedAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(requestId, "requestId is null");
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean isActive(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    public Grant revoked(Instant at) {
        return new Grant(id, product, grantee, columns, rowFilter, purpose, piiClearance, grantedBy, grantedAt,
                expiresAt, Optional.of(at), requestId);
    }
}
