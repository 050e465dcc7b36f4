package org.meshwork.server;

import org.meshwork.platform.Mesh;
import org.meshwork.platform.serving.DataRequestParser;

/**
 * Where {@code mesh serve} and the CLI's embedded {@code get}/{@code query} take the governed read path
 * ({@link org.meshwork.platform.serving.DataService} and its query-parameter parser) and access control
 * ({@link org.meshwork.api.access.Authenticator}, {@link org.meshwork.api.access.AccessController}) from a mesh: the
 * bearer tokens of {@code mesh token create}, the access controller that decides every read, and the data service
 * that enforces its decisions inside the engine and audits every read.
 */
public final class GovernedServices {
    private GovernedServices() {}

    public static ServerServices of(Mesh mesh) {
        return new ServerServices(mesh, mesh.data(), mesh.authenticator(), mesh.accessController(),
                DataRequestParser::parse);
    }
}
