package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchDomainException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.access.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: the catalog people browse (search, product pages with schema, quality plots, lineage graph, runs,
 * governed data preview and access requests; domain, governance and audit pages), as server-rendered HTML with a
 * little htmx, Cytoscape.js and Chart.js served from this jar — it works without any internet access.
 *
 * <p>It is one registration, {@link #register(JavalinConfig)}, that the server adds to its Javalin: the UI owns the
 * paths {@code /}, {@code /signin}, {@code /signout}, {@code /search}, {@code /products/…}, {@code /access-requests/…},
 * {@code /domains/…}, {@code /governance}, {@code /audit}, {@code /ui/static/…} and {@code /webjars/…}, and handles
 * its own errors as HTML pages. Every page resolves the principal from the session and goes through the same access
 * control as the API: a product the principal may not discover answers 404 exactly like one that does not exist.
 */
public final class WebUi {
    /**
     * Request attribute set on every request the UI answered (pages, actions, errors), so that a server's own
     * not-found handler leaves the UI's HTML answer alone.
     */
    public static final String RENDERED = "meshwork.ui.rendered";
    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);

    private final UiSession session;
    private final TemplateEngine templates;
    private final ProductPages productPages;
    private final CatalogPages catalogPages;
    private final GovernancePages governancePages;

    public WebUi(WebUiServices services) {
        requireNonNull(services, "services is null");
        this.session = new UiSession(services.authenticator());
        this.templates = TemplateEngine.createPrecompiled(ContentType.Html);
        this.productPages = new ProductPages(services, this);
        this.catalogPages = new CatalogPages(services, this);
        this.governancePages = new GovernancePages(services, this);
    }

    /** Adds the UI's routes and static assets to a Javalin configuration. */
    public void register(JavalinConfig config) {
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/ui/static";
            files.directory = "/meshwork-ui/static";
            files.location = Location.CLASSPATH;
        });
        RoutesConfig routes = config.routes;
        routes.get("/signin", ctx -> signInForm(ctx, Optional.empty()));
        routes.post("/signin", this::signIn);
        routes.post("/signout", ctx -> {
            session.end(ctx);
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
        });
        routes.get("/", page(catalogPages::home));
        routes.get("/search", page(catalogPages::search));
        routes.get("/domains/{domain}", page(catalogPages::domain));
        routes.get("/products/{id}", page((ctx, principal) -> productPages.show(ctx, principal, "overview")));
        routes.get("/products/{id}/{tab}", page((ctx, principal) -> productPages.show(ctx, principal, ctx.pathParam("tab"))));
        routes.post("/products/{id}/access-requests", action(productPages::requestAccess));
        routes.post("/access-requests/{request}/decision", action(productPages::decide));
        routes.get("/governance", page(governancePages::governance));
        routes.get("/audit", page(governancePages::audit));
    }

    /** A path of the UI that names nothing (an unknown tab, a malformed id): answered like a missing product. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super("not found", null, false, false);
        }
    }

    /** A page handler given the signed-in principal. */
    @FunctionalInterface
    interface PageHandler {
        void handle(Context ctx, Principal principal) throws Exception;
    }

    private Handler page(PageHandler handler) {
        return ctx -> {
            ctx.attribute(RENDERED, Boolean.TRUE);
            String token = ctx.queryParam("token");
            if (token != null) {
                // the demo's sign-in link: keep the token in the cookie, never in the address bar or history
                if (session.authenticate(token).isEmpty()) {
                    signInForm(ctx.status(HttpStatus.UNAUTHORIZED), Optional.of("That sign-in link's token is unknown, expired or revoked."));
                    return;
                }
                session.start(ctx, token);
                ctx.redirect(pathWithout(ctx, "token"), HttpStatus.SEE_OTHER);
                return;
            }
            Optional<Principal> principal = session.principal(ctx);
            if (principal.isEmpty()) {
                ctx.redirect("/signin?next=" + URLEncoder.encode(pathWithout(ctx, "token"), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
                return;
            }
            run(ctx, principal.get(), handler);
        };
    }

    private Handler action(PageHandler handler) {
        return ctx -> {
            ctx.attribute(RENDERED, Boolean.TRUE);
            if (!UiSession.sameOrigin(ctx)) {
                error(ctx, principalOrNull(ctx), HttpStatus.FORBIDDEN, "Refused", "This form was sent from another site.");
                return;
            }
            Optional<Principal> principal = session.principal(ctx);
            if (principal.isEmpty()) {
                ctx.redirect("/signin", HttpStatus.SEE_OTHER);
                return;
            }
            run(ctx, principal.get(), handler);
        };
    }

    private void run(Context ctx, Principal principal, PageHandler handler) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                + "script-src 'self'; frame-ancestors 'none'; form-action 'self'");
        try {
            handler.handle(ctx, principal);
        } catch (NoSuchProductException | NoSuchDomainException | NotFound e) {
            error(ctx, principal, HttpStatus.NOT_FOUND, "Not found",
                    "There is nothing here, or nothing you may see. Search the catalog for what you need.");
        } catch (ForbiddenException e) {
            error(ctx, principal, HttpStatus.FORBIDDEN, "Not allowed", e.getMessage());
        } catch (InvalidArgumentException e) {
            error(ctx, principal, HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
        } catch (Exception e) {
            LOG.error("web UI page {} failed", ctx.path(), e);
            error(ctx, principal, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                    "The page could not be shown. The error was logged on the server.");
        }
    }

    private Principal principalOrNull(Context ctx) {
        return session.principal(ctx).orElse(null);
    }

    private void signInForm(Context ctx, Optional<String> problem) {
        Map<String, Object> params = new HashMap<>();
        params.put("next", UiSession.safeNext(ctx.queryParam("next")));
        params.put("problem", problem.orElse(""));
        ctx.header("Cache-Control", "no-store");
        html(ctx, "signin.jte", params);
    }

    private void signIn(Context ctx) {
        if (!UiSession.sameOrigin(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN);
            signInForm(ctx, Optional.of("This form was sent from another site."));
            return;
        }
        String token = ctx.formParam("token");
        String next = UiSession.safeNext(ctx.formParam("next"));
        if (token == null || token.isBlank()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            signInForm(ctx, Optional.of("Enter your access token (field 'token'); `mesh token create` issues one."));
            return;
        }
        if (session.authenticate(token).isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED);
            signInForm(ctx, Optional.of("That token is unknown, expired or revoked. Ask for a new one with `mesh token create`."));
            return;
        }
        session.start(ctx, token);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    void error(Context ctx, Principal principal, HttpStatus status, String title, String message) {
        ctx.status(status);
        Map<String, Object> params = new HashMap<>();
        params.put("user", user(principal));
        params.put("title", title);
        params.put("message", message);
        html(ctx, "error.jte", params);
    }

    void html(Context ctx, String template, Map<String, Object> params) {
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.html(render(template, params));
    }

    String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        templates.render(template, params, output);
        return output.toString();
    }

    /** Renders a template where another template includes it (jte's {@code Content}). */
    gg.jte.Content content(String template, Map<String, Object> params) {
        return output -> templates.render(template, params, output);
    }

    static Views.User user(Principal principal) {
        if (principal == null) {
            return null;
        }
        String teams = principal.teams().stream().map(t -> t.value()).sorted().collect(Collectors.joining(", "));
        return new Views.User(principal.name().value(), teams, principal.isAuditor());
    }

    private static String pathWithout(Context ctx, String parameter) {
        String query = ctx.queryParamMap().entrySet().stream()
                .filter(e -> !e.getKey().equals(parameter))
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return ctx.path() + (query.isEmpty() ? "" : "?" + query);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
