package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.UserName;

/**
 * One committed version of a resource. Versions count from 1 without gaps. {@code document} is opaque to the store
 * (canonical JSON written by the platform); {@code contentHash} is its SHA-256, which tells an unchanged re-apply apart.
 */
public record StoredResource(
        ResourceKey key,
        long version,
        Optional<DomainName> domain,
        String document,
        String contentHash,
        UserName appliedBy,
        Instant appliedAt) {

    public StoredResource {
        requireNonNull(key, "key is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        requireNonNull(domain, "domain is null");
        requireNonNull(document, "document is null");
        requireNonNull(contentHash, "contentHash is null");
        requireNonNull(appliedBy, "appliedBy is null");
        requireNonNull(appliedAt, "appliedAt is null");
    }
}
