package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** How the product appears in the catalog (the guide's {@code discovery}). */
public record DiscoverySpec(
        Optional<String> catalog,
        Optional<Boolean> publishSchema,
        Optional<Boolean> generateDocs,
        Optional<Boolean> discoverable) {

    public DiscoverySpec {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(publishSchema, "publishSchema is null");
        requireNonNull(generateDocs, "generateDocs is null");
        requireNonNull(discoverable, "discoverable is null");
    }
}
