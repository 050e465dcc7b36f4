package org.meshwork.api.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.InvalidArgumentException;

/**
 * A catalog search: free text (may be empty: then every entry matches, by name) and facet filters, each optional;
 * several {@code tags} must all be present.
 */
public record SearchQuery(
        String text,
        Optional<String> domain,
        List<String> tags,
        Optional<String> sensitivity,
        Optional<String> ownerTeam,
        Optional<String> slaStatus,
        Optional<EntryKind> kind,
        int limit) {

    /** The most hits one search returns. */
    public static final int MAX_LIMIT = 1_000;
    public static final int LIMIT_DEFAULT = 20;

    public SearchQuery {
        requireNonNull(text, "text is null");
        requireNonNull(domain, "domain is null");
        tags = List.copyOf(tags);
        requireNonNull(sensitivity, "sensitivity is null");
        requireNonNull(ownerTeam, "ownerTeam is null");
        requireNonNull(slaStatus, "slaStatus is null");
        requireNonNull(kind, "kind is null");
        InvalidArgumentException.check(limit >= 1 && limit <= MAX_LIMIT,
                "limit must be between 1 and %d; got %d", MAX_LIMIT, limit);
    }

    public static SearchQuery of(String text) {
        return new SearchQuery(text, Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), LIMIT_DEFAULT);
    }

    public SearchQuery withDomain(String value) {
        return new SearchQuery(text, Optional.of(value), tags, sensitivity, ownerTeam, slaStatus, kind, limit);
    }

    public SearchQuery withTags(List<String> values) {
        return new SearchQuery(text, domain, values, sensitivity, ownerTeam, slaStatus, kind, limit);
    }

    public SearchQuery withSensitivity(String value) {
        return new SearchQuery(text, domain, tags, Optional.of(value), ownerTeam, slaStatus, kind, limit);
    }

    public SearchQuery withOwnerTeam(String value) {
        return new SearchQuery(text, domain, tags, sensitivity, Optional.of(value), slaStatus, kind, limit);
    }

    public SearchQuery withSlaStatus(String value) {
        return new SearchQuery(text, domain, tags, sensitivity, ownerTeam, Optional.of(value), kind, limit);
    }

    public SearchQuery withKind(EntryKind value) {
        return new SearchQuery(text, domain, tags, sensitivity, ownerTeam, slaStatus, Optional.of(value), limit);
    }

    public SearchQuery withLimit(int value) {
        return new SearchQuery(text, domain, tags, sensitivity, ownerTeam, slaStatus, kind, value);
    }
}
