package org.meshwork.server;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.platform.Mesh;

/**
 * Where {@code mesh serve} and the CLI's embedded {@code get}/{@code query} take the governed read path
 * ({@link org.meshwork.platform.serving.DataService} and its query-parameter parser) and access control
 * ({@link org.meshwork.api.access.Authenticator}, {@link org.meshwork.api.access.AccessController}) from a mesh.
 *
 * <p>This is the single merge point with the serving and access-control work: those parts are built beside this one
 * and are not in this build yet, so until they are wired here this refuses clearly instead of serving data
 * unguarded. Wiring them is one line: {@code new ServerServices(mesh, mesh.dataService(), mesh.authenticator(),
 * mesh.accessController(), DataRequestParser::parse)} (or however those parts name them).
 */
public final class GovernedServices {
    private GovernedServices() {}

    /**
     * @throws MeshException ({@link ErrorCode#INTERNAL}) while the governed read path and access control are not wired
     */
    public static ServerServices of(Mesh mesh) {
        throw new MeshException(ErrorCode.INTERNAL, "this build has no governed read path and access control wired "
                + "in (org.meshwork.server.GovernedServices): serving data needs both, and Meshwork never serves data "
                + "unguarded");
    }
}
