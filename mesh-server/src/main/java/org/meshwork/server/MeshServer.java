package org.meshwork.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidTokenException;
import org.meshwork.api.UnauthenticatedException;
import org.meshwork.api.UserName;
import org.meshwork.api.access.CredentialCheck;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.store.ResourceKind;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.sla.SlaMonitor;
import org.meshwork.platform.workspace.ServerSettings;
import org.meshwork.server.ui.WebUi;
import org.meshwork.server.ui.live.LiveWebUi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge of a mesh: the REST API under {@code /api/v1} (described by {@code spec/openapi.yaml}, served at
 * {@code /api/v1/openapi.yaml}), {@code /health}, {@code /ready} and {@code /metrics}, on Javalin (Jetty 12).
 *
 * <p>Every route is listed once in {@link #routes()} with the permission it needs. API routes require a bearer token
 * ({@link org.meshwork.api.access.Authenticator}); what the caller then sees is decided by the
 * {@link org.meshwork.api.access.AccessController} and the governed read path, never here. Errors have one JSON shape.
 *
 * <p>{@link #stop()} is graceful: the listening socket closes first (no new connections), in-flight requests run to
 * completion (up to the shutdown timeout), then Jetty stops.
 */
public final class MeshServer implements AutoCloseable {
    /** The prefix of every API route. */
    public static final String API = "/api/v1";
    /** Where the OpenAPI document is on the classpath (copied from {@code spec/openapi.yaml} at build time). */
    public static final String OPENAPI_RESOURCE = "/meshwork-spec/openapi.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(MeshServer.class);
    private static final String HANDLED = "meshwork.handled";
    /** The actor of an audit entry for a credential that was refused: nobody was authenticated. */
    static final UserName ANONYMOUS = UserName.of("anonymous");
    /** The audit action of a refused bearer credential. */
    static final String AUTHENTICATE = "authenticate";

    private final ServerServices services;
    private final ServerSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final ApiErrors errors = new ApiErrors(json);
    private final SlaMonitor slas;
    private final ServerMetrics metrics;
    private final ProductRoutes products;
    private final CatalogRoutes catalog;
    private final GovernanceRoutes governance;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<RouteKey> registered = new ArrayList<>();
    private final Javalin app;
    private volatile boolean stopping;
    private volatile int port = -1;

    /** A route as registered: method and path template. */
    public record RouteKey(String method, String path) {}

    private record Route(HandlerType method, String path, Access access, RouteHandler handler) {}

    /** Who may call a route. Data and metadata routes narrow this further through the access controller. */
    private enum Access {
        /** Anyone, without a token: liveness, readiness, metrics, the API description. */
        PUBLIC,
        /** Any authenticated principal. */
        AUTHENTICATED
    }

    @FunctionalInterface
    private interface RouteHandler {
        void handle(Context ctx, Principal principal) throws Exception;
    }

    public MeshServer(ServerServices services, ServerSettings settings) {
        this.services = requireNonNull(services, "services is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.slas = SlaMonitor.of(services.mesh());
        this.metrics = new ServerMetrics(services.mesh(), slas);
        this.products = new ProductRoutes(services, slas, json);
        this.catalog = new CatalogRoutes(services, json);
        this.governance = new GovernanceRoutes(services, json);
        WebUi webUi = LiveWebUi.create(services, slas);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.router.ignoreTrailingSlashes = true;
            config.events.handlerAdded(info -> {
                if (info.getHttpMethod().isHttpMethod()) {
                    registered.add(new RouteKey(info.getHttpMethod().name(), info.getPath()));
                }
            });
            webUi.register(config); // the web UI at / (its own session cookie; the API stays bearer-only)
            for (Route route : routes()) {
                config.routes.addEndpoint(new io.javalin.router.Endpoint(route.method(), route.path(), wrap(route)));
            }
            config.routes.exception(HttpResponseException.class, (exception, ctx) -> errors.write(ctx, exception));
            config.routes.exception(Exception.class, (exception, ctx) -> errors.write(ctx, exception));
            config.routes.error(404, ctx -> {
                if (ctx.attribute(HANDLED) == null && ctx.attribute(WebUi.RENDERED) == null) {
                    errors.write(ctx, 404, ErrorCode.NO_SUCH_RESOURCE.code(), "no route " + ctx.method() + " "
                            + ctx.path() + "; the API is described at " + API + "/openapi.yaml", Map.of());
                }
            });
        });
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(HandlerType.GET, "/health", Access.PUBLIC, (ctx, p) -> respond(ctx, 200, Map.of("status", "up"))));
        routes.add(new Route(HandlerType.GET, "/ready", Access.PUBLIC, (ctx, p) -> ready(ctx)));
        routes.add(new Route(HandlerType.GET, "/metrics", Access.PUBLIC, (ctx, p) ->
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
        routes.add(new Route(HandlerType.GET, API + "/openapi.yaml", Access.PUBLIC, (ctx, p) -> openApi(ctx)));
        routes.add(new Route(HandlerType.GET, API + "/domains", Access.AUTHENTICATED, products::domains));
        routes.add(new Route(HandlerType.GET, API + "/domains/{name}", Access.AUTHENTICATED, products::domain));
        routes.add(new Route(HandlerType.GET, API + "/products", Access.AUTHENTICATED, products::products));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}", Access.AUTHENTICATED, products::product));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/schema", Access.AUTHENTICATED, products::schema));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/data", Access.AUTHENTICATED, products::data));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/quality", Access.AUTHENTICATED, products::quality));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/runs", Access.AUTHENTICATED, products::runs));
        routes.add(new Route(HandlerType.POST, API + "/sql", Access.AUTHENTICATED, products::sql));
        // catalog (issue 7)
        routes.add(new Route(HandlerType.GET, API + "/search", Access.AUTHENTICATED, catalog::search));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/lineage", Access.AUTHENTICATED, catalog::lineage));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/docs", Access.AUTHENTICATED, catalog::docs));
        routes.add(new Route(HandlerType.GET, API + "/domain-graph", Access.AUTHENTICATED, catalog::domainGraph));
        // self-serve access, grants and the audit log (issue 6)
        routes.add(new Route(HandlerType.POST, API + "/products/{id}/access-requests", Access.AUTHENTICATED,
                governance::requestAccess));
        routes.add(new Route(HandlerType.GET, API + "/access-requests", Access.AUTHENTICATED, governance::accessRequests));
        routes.add(new Route(HandlerType.POST, API + "/access-requests/{id}/approve", Access.AUTHENTICATED,
                governance::approve));
        routes.add(new Route(HandlerType.POST, API + "/access-requests/{id}/deny", Access.AUTHENTICATED, governance::deny));
        routes.add(new Route(HandlerType.GET, API + "/products/{id}/grants", Access.AUTHENTICATED, governance::grants));
        routes.add(new Route(HandlerType.POST, API + "/products/{id}/grants", Access.AUTHENTICATED, governance::grant));
        routes.add(new Route(HandlerType.DELETE, API + "/grants/{id}", Access.AUTHENTICATED, governance::revoke));
        routes.add(new Route(HandlerType.GET, API + "/audit", Access.AUTHENTICATED, governance::audit));
        routes.add(new Route(HandlerType.GET, API + "/audit/verify", Access.AUTHENTICATED, governance::verifyAudit));
        // federated governance (issue 8)
        routes.add(new Route(HandlerType.GET, API + "/policies/report", Access.AUTHENTICATED, governance::policyReport));
        return routes;
    }

    private Handler wrap(Route route) {
        return ctx -> {
            inFlight.incrementAndGet();
            long started = System.nanoTime();
            ctx.attribute(HANDLED, Boolean.TRUE);
            // one reading of the store revision for the request's cached metadata reads (token, product, grants, ...)
            try (Mesh.ReadScope scope = services.mesh().readScope()) {
                Principal principal = route.access() == Access.PUBLIC ? null : authenticate(ctx);
                route.handler().handle(ctx, principal);
            } catch (Exception e) {
                errors.write(ctx, e);
            } finally {
                metrics.recordRequest(route.method().name(), route.path(), ctx.statusCode(), System.nanoTime() - started);
                inFlight.decrementAndGet();
            }
        };
    }

    /**
     * The caller, from its bearer credential, with how and from where it authenticated (for every audit entry of the
     * request). A refused credential is audited as a denied {@code authenticate} with the reason and the client
     * address, and answered 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}.
     */
    private Principal authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedException("no credentials: send the header 'Authorization: Bearer <token>' "
                    + "(a token comes from: mesh token create --user NAME, or your identity provider when the"
                    + " workspace configures identity.oidc)");
        }
        if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthenticatedException("the Authorization header must be 'Bearer <token>'");
        }
        CredentialCheck check = services.authenticator().check(header.substring(7).strip());
        if (check instanceof CredentialCheck.Accepted accepted) {
            return accepted.principal().from(ctx.ip());
        }
        CredentialCheck.Refused refused = (CredentialCheck.Refused) check;
        auditRefusal(ctx, refused);
        throw new InvalidTokenException("the bearer token was refused: " + refused.reason());
    }

    private void auditRefusal(Context ctx, CredentialCheck.Refused refused) {
        Map<String, String> details = new LinkedHashMap<>(refused.details());
        details.put("reason", refused.reason());
        details.put("route", ctx.method() + " " + ctx.path());
        services.mesh().auditLog().append(new AuditEvent(services.mesh().clock().instant(), ANONYMOUS, AUTHENTICATE, Optional.empty(),
                "denied", details, Optional.ofNullable(ctx.ip())));
    }

    private void ready(Context ctx) throws IOException {
        if (stopping) {
            respond(ctx, 503, Map.of("status", "stopping"));
            return;
        }
        try {
            services.mesh().store().list(ResourceKind.DOMAIN);
            respond(ctx, 200, Map.of("status", "ready"));
        } catch (RuntimeException e) {
            LOG.warn("readiness check: the metadata store is not reachable", e);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "unavailable");
            body.put("reason", "the metadata store is not reachable");
            respond(ctx, 503, body);
        }
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = MeshServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
            }
            ctx.contentType("application/yaml").result(in.readAllBytes());
        }
    }

    private void respond(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }

    /**
     * Starts listening; returns this server.
     *
     * @throws org.meshwork.api.MeshException ({@link ErrorCode#INVALID_CONFIGURATION}) when the address cannot be bound
     */
    public MeshServer start() {
        try {
            app.start();
        } catch (io.javalin.util.JavalinBindException e) {
            throw new org.meshwork.api.MeshException(ErrorCode.INVALID_CONFIGURATION, "cannot listen on "
                    + settings.host() + ":" + settings.port() + " (" + e.getMessage() + "); choose another address with "
                    + "--host/--port, MESH_SERVER_HOST/MESH_SERVER_PORT or server.host/server.port in mesh.yaml", e);
        }
        port = app.port();
        LOG.info("Meshwork API listening on http://{}:{}{}", settings.host(), port(), API);
        return this;
    }

    /** The port listened on (the chosen one when the settings said 0); -1 before {@link #start()}. */
    public int port() {
        return port;
    }

    /** The method and path template of every route registered with Javalin, in registration order. */
    public List<RouteKey> registeredRoutes() {
        return List.copyOf(registered);
    }

    /** Requests being handled now. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops gracefully: closes the listening socket (new connections are refused), waits for in-flight requests to
     * finish for up to the shutdown timeout, then stops Jetty. Idempotent.
     */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("{} request(s) still running after {}; stopping anyway", inFlight.get(),
                    Duration.ofNanos(settings.shutdownTimeout().toNanos()));
        }
        app.stop();
        slas.close();
    }

    @Override
    public void close() {
        stop();
    }
}
