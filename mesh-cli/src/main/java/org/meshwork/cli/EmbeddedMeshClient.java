package org.meshwork.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.meshwork.api.DomainName;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;
import org.meshwork.api.access.Role;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.serving.RequestContext;
import org.meshwork.platform.serving.ResultFormat;
import org.meshwork.platform.serving.ResultStream;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.server.ApiViews;
import org.meshwork.server.ServerServices;

/**
 * The mesh opened in this process. Metadata comes straight from the mesh; data goes through the same governed read
 * path the server uses, for the acting user (as a principal with the user's teams from {@code mesh.yaml}).
 */
final class EmbeddedMeshClient implements MeshClient {
    private final Mesh mesh;
    private final UserName actor;
    private final Function<Mesh, ServerServices> governed;

    EmbeddedMeshClient(Mesh mesh, UserName actor, Function<Mesh, ServerServices> governed) {
        this.mesh = mesh;
        this.actor = actor;
        this.governed = governed;
    }

    @Override
    public List<Map<String, Object>> products(Optional<String> domain) {
        List<VersionedProduct> products = domain.isEmpty() ? mesh.products().list()
                : mesh.products().list(DomainName.of(domain.get()));
        return products.stream().map(ApiViews::summary).toList();
    }

    @Override
    public Map<String, Object> product(ProductId id) {
        try (SlaMonitor slas = SlaMonitor.of(mesh)) {
            return ApiViews.productDocument(mesh, slas, mesh.products().get(id));
        }
    }

    @Override
    public List<Map<String, Object>> runs(ProductId id, int limit) {
        return mesh.runs(id, limit).stream().map(ApiViews::run).toList();
    }

    @Override
    public List<Map<String, Object>> quality(ProductId id, int runs) {
        return mesh.qualityHistory(id, runs).stream().map(ApiViews::checkResult).toList();
    }

    @Override
    public ReadSummary data(ProductId id, Map<String, List<String>> parameters, Optional<String> purpose,
            ResultFormat format, OutputStream out) throws IOException {
        ServerServices services = governed.apply(mesh);
        try (ResultStream result = services.data().read(principal(), id, services.requestParser().parse(parameters),
                new RequestContext(purpose, Optional.empty()))) {
            return summary(result, result.writeTo(format, out));
        }
    }

    private static ReadSummary summary(ResultStream result, long rows) {
        return new ReadSummary(java.util.OptionalLong.of(rows), result.version(), result.nextCursor(), result.truncated());
    }

    @Override
    public ReadSummary query(String sql, Optional<String> purpose, ResultFormat format, OutputStream out)
            throws IOException {
        ServerServices services = governed.apply(mesh);
        try (ResultStream result = services.data().query(principal(), sql, new RequestContext(purpose, Optional.empty()))) {
            return summary(result, result.writeTo(format, out));
        }
    }

    private Principal principal() {
        var config = mesh.workspace().config();
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (config.isPlatformAdmin(actor)) {
            roles.add(Role.PLATFORM_ADMIN);
        }
        return new Principal(actor, PrincipalKind.USER, java.util.Set.copyOf(config.teamsOf(actor)), roles);
    }

    @Override
    public void close() {
        mesh.close();
    }
}
