package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The guide's six self-serve infrastructure sections. They come from a {@code DataProductInfrastructure} document or
 * directly from a {@code DataProduct}'s spec; {@link #overlay} merges the two, section by section.
 */
public record InfrastructureSpec(
        Optional<StorageSpec> storage,
        Optional<ProcessingSpec> processing,
        Optional<OrchestrationSpec> orchestration,
        Optional<QualitySpec> quality,
        Optional<DiscoverySpec> discovery,
        Optional<SecuritySpec> security) {

    public InfrastructureSpec {
        requireNonNull(storage, "storage is null");
        requireNonNull(processing, "processing is null");
        requireNonNull(orchestration, "orchestration is null");
        requireNonNull(quality, "quality is null");
        requireNonNull(discovery, "discovery is null");
        requireNonNull(security, "security is null");
    }

    public static InfrastructureSpec empty() {
        return new InfrastructureSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** This spec with every section that {@code other} declares taken from {@code other}. */
    public InfrastructureSpec overlay(InfrastructureSpec other) {
        return new InfrastructureSpec(
                other.storage.or(() -> storage),
                other.processing.or(() -> processing),
                other.orchestration.or(() -> orchestration),
                other.quality.or(() -> quality),
                other.discovery.or(() -> discovery),
                other.security.or(() -> security));
    }
}
