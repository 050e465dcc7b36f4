package org.meshwork.api.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.meshwork.api.DomainName;

/**
 * A new version to commit. {@code baseVersion} is the version the change was planned against: 0 when the resource
 * must not exist yet. The commit fails with {@link org.meshwork.api.CommitConflictException} when the current version
 * is not {@code baseVersion} — someone else committed first.
 */
public record ResourceChange(ResourceKey key, long baseVersion, Optional<DomainName> domain, String document, String contentHash) {
    public ResourceChange {
        requireNonNull(key, "key is null");
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must be >= 0: " + baseVersion);
        }
        requireNonNull(domain, "domain is null");
        requireNonNull(document, "document is null");
        requireNonNull(contentHash, "contentHash is null");
    }
}
