package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.TeamName;

/** A {@code Domain}: a bounded context owned by one team, with the business capabilities it serves. */
public record DomainDescriptor(
        Metadata metadata,
        SourcePosition origin,
        String document,
        Optional<String> displayName,
        String description,
        TeamName ownerTeam,
        Optional<String> boundedContext,
        List<String> capabilities) implements Descriptor {

    public DomainDescriptor {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(document, "document is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(description, "description is null");
        requireNonNull(ownerTeam, "ownerTeam is null");
        requireNonNull(boundedContext, "boundedContext is null");
        capabilities = List.copyOf(capabilities);
    }

    public DomainName name() {
        return DomainName.of(metadata.name());
    }

    @Override
    public Kind kind() {
        return Kind.DOMAIN;
    }
}
