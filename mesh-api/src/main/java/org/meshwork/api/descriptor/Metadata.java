package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code metadata} block: {@code name} (a slug), {@code namespace} (the domain, where the kind has one), an optional
 * explicit product {@code id}, and free-form {@code labels}.
 */
public record Metadata(String name, Optional<String> namespace, Optional<String> id, Map<String, String> labels) {
    public Metadata {
        requireNonNull(name, "name is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(id, "id is null");
        labels = Map.copyOf(labels);
    }
}
