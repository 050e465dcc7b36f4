package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.UserName;

/**
 * A bearer token as the store keeps it: never the token itself, only a salted hash of its secret part.
 *
 * @param id the public id, also embedded in the token text so that a lookup needs no scan
 * @param salt random bytes, hex, mixed into the hash
 * @param secretHash hex SHA-256 of salt and secret
 */
public record ApiToken(
        String id,
        UserName user,
        Optional<String> description,
        Instant createdAt,
        UserName createdBy,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt,
        String salt,
        String secretHash) {

    public ApiToken {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        requireNonNull(description, "description is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(salt, "salt is null");
        requireNonNull(secretHash, "secretHash is null");
    }

    public boolean isActive(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
