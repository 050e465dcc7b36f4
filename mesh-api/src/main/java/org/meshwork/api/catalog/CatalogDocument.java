package org.meshwork.api.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the catalog knows of one domain, product or glossary term, as the search index stores it. {@code columns} holds
 * one text per column ({@code name: description}); {@code glossaryTerms} the glossary terms the columns link to.
 * {@code discoverable} false means only principals allowed to discover the product may find it.
 */
public record CatalogDocument(
        EntryKind kind,
        String id,
        String name,
        String domain,
        String description,
        List<String> tags,
        List<String> columns,
        List<String> owners,
        Optional<String> ownerTeam,
        Optional<String> sensitivity,
        List<String> glossaryTerms,
        Optional<Instant> lastPublished,
        Optional<String> slaStatus,
        boolean discoverable) {

    public CatalogDocument {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(description, "description is null");
        tags = List.copyOf(tags);
        columns = List.copyOf(columns);
        owners = List.copyOf(owners);
        requireNonNull(ownerTeam, "ownerTeam is null");
        requireNonNull(sensitivity, "sensitivity is null");
        glossaryTerms = List.copyOf(glossaryTerms);
        requireNonNull(lastPublished, "lastPublished is null");
        requireNonNull(slaStatus, "slaStatus is null");
    }
}
