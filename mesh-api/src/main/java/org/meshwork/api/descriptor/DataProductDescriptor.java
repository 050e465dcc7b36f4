package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.Classification;
import org.meshwork.api.ProductId;
import org.meshwork.api.TeamName;

/**
 * A {@code DataProduct}: the guide's product metadata and ownership, plus the pipeline (sources, transform), the output
 * contract (schema), optionally the infrastructure sections inline, and how consumers get access ({@code access}).
 */
public record DataProductDescriptor(
        Metadata metadata,
        SourcePosition origin,
        String document,
        ProductId id,
        String displayName,
        String description,
        TeamName ownerTeam,
        List<String> tags,
        Optional<String> documentationUrl,
        SemanticVersion version,
        Classification sensitivity,
        Optional<Integer> retentionPeriodDays,
        Sla sla,
        Ownership ownership,
        Optional<String> entity,
        List<SourceSpec> sources,
        TransformSpec transform,
        OutputSchema schema,
        InfrastructureSpec infrastructure,
        AccessSpec access) implements Descriptor {

    public DataProductDescriptor {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(document, "document is null");
        requireNonNull(id, "id is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(description, "description is null");
        requireNonNull(ownerTeam, "ownerTeam is null");
        tags = List.copyOf(tags);
        requireNonNull(documentationUrl, "documentationUrl is null");
        requireNonNull(version, "version is null");
        requireNonNull(sensitivity, "sensitivity is null");
        requireNonNull(retentionPeriodDays, "retentionPeriodDays is null");
        requireNonNull(sla, "sla is null");
        requireNonNull(ownership, "ownership is null");
        requireNonNull(entity, "entity is null");
        sources = List.copyOf(sources);
        requireNonNull(transform, "transform is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(infrastructure, "infrastructure is null");
        requireNonNull(access, "access is null");
    }

    @Override
    public Kind kind() {
        return Kind.DATA_PRODUCT;
    }
}
