package org.meshwork.server.ui.live;

import org.meshwork.platform.Mesh;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.server.ServerServices;
import org.meshwork.server.ui.WebUi;
import org.meshwork.server.ui.WebUiServices;

/**
 * Builds the web UI over a mesh's real services: the same authenticator, access controller and governed read path
 * as the REST API (from {@link ServerServices}), the catalog's search and lineage, the access workflow and audit
 * chain, and the policy report. The server registers the result; tests build it the same way.
 */
public final class LiveWebUi {
    private LiveWebUi() {}

    public static WebUiServices services(ServerServices server, SlaMonitor sla) {
        Mesh mesh = server.mesh();
        return new WebUiServices(server.authenticator(), server.access(), mesh.products(), mesh.store(), sla,
                server.data(),
                new LiveCatalogSearch(mesh.catalog(), server.access()),
                new LiveLineageGraph(mesh.catalog()),
                new LiveAccessRequests(mesh.access()),
                new LiveComplianceMatrix(mesh.policies(), mesh.products(), server.access()),
                new LiveAuditTrail(mesh.access()));
    }

    public static WebUi create(ServerServices server, SlaMonitor sla) {
        return new WebUi(services(server, sla));
    }
}
