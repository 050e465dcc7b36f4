package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where the workspace keeps its metadata: the embedded SQLite file {@code meta.db} (the default), or a shared
 * PostgreSQL database for deployments where several servers and CLIs share one mesh. The PostgreSQL credentials come
 * from the environment variable {@code credentialsEnv} ({@code user:password}), never from {@code mesh.yaml}.
 */
public record MetadataStoreSettings(Type type, Optional<String> url, Optional<String> credentialsEnv) {

    /** The databases the metadata store runs on. */
    public enum Type {
        SQLITE, POSTGRESQL
    }

    public MetadataStoreSettings {
        requireNonNull(type, "type is null");
        requireNonNull(url, "url is null");
        requireNonNull(credentialsEnv, "credentialsEnv is null");
        if (type == Type.POSTGRESQL && url.isEmpty()) {
            throw new IllegalArgumentException("a postgresql metadata store needs a url");
        }
    }

    public static MetadataStoreSettings sqlite() {
        return new MetadataStoreSettings(Type.SQLITE, Optional.empty(), Optional.empty());
    }
}
