package org.meshwork.api.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One search result: enough to choose a product without opening it. {@code description} is shortened to about one
 * line; {@code lastPublished} is the product's freshness (its last publish), {@code slaStatus} its SLA colour when it
 * was last indexed.
 */
public record SearchHit(
        EntryKind kind,
        String id,
        String name,
        String domain,
        Optional<String> owner,
        String description,
        Optional<Instant> lastPublished,
        Optional<String> slaStatus,
        float score) {

    public SearchHit {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(description, "description is null");
        requireNonNull(lastPublished, "lastPublished is null");
        requireNonNull(slaStatus, "slaStatus is null");
    }
}
