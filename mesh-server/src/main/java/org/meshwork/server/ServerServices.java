package org.meshwork.server;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.access.AccessController;
import org.meshwork.api.access.Authenticator;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.serving.DataService;

/**
 * What the server is built from: the mesh (catalog, runs, quality, SLA, store), the governed read path, who the
 * caller is (bearer tokens) and what the caller may do. The server holds no policy of its own: every decision comes
 * from {@link Authenticator}, {@link AccessController} and {@link DataService}.
 */
public record ServerServices(
        Mesh mesh, DataService data, Authenticator authenticator, AccessController access, RequestParser requestParser) {

    public ServerServices {
        requireNonNull(mesh, "mesh is null");
        requireNonNull(data, "data is null");
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(access, "access is null");
        requireNonNull(requestParser, "requestParser is null");
    }
}
