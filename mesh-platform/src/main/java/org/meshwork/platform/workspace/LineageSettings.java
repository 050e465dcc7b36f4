package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * {@code mesh.yaml}'s {@code lineage}: whether runs emit OpenLineage events, the job namespace they use, and where
 * they go — an HTTP endpoint such as Marquez's {@code /api/v1/lineage} when {@code endpoint} is set (with
 * {@code Authorization: Bearer $<api_key_env>} when that names an environment variable), otherwise newline-delimited
 * JSON files in the workspace's {@code lineage/} directory.
 */
public record LineageSettings(boolean enabled, String namespace, Optional<URI> endpoint, Optional<String> apiKeyEnv) {
    public static final boolean ENABLED_DEFAULT = true;
    public static final String NAMESPACE_DEFAULT = "meshwork";

    public LineageSettings {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(apiKeyEnv, "apiKeyEnv is null");
    }

    /** No {@code lineage} section: events go to files in the workspace, in the {@code meshwork} namespace. */
    public static LineageSettings defaults() {
        return new LineageSettings(ENABLED_DEFAULT, NAMESPACE_DEFAULT, Optional.empty(), Optional.empty());
    }
}
