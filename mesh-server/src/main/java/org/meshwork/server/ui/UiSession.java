package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.Principal;

/**
 * Sign-in for the browser: the same bearer tokens as the API, kept in an HttpOnly, SameSite=Strict cookie so that page
 * scripts never see them and other sites cannot send them. Every request resolves its principal afresh through the
 * {@link Authenticator}, so a revoked token ends the session at once.
 */
final class UiSession {
    static final String COOKIE = "mesh_session";
    private final Authenticator authenticator;

    UiSession(Authenticator authenticator) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    /** The principal of the request's session cookie, if it holds a valid token. */
    Optional<Principal> principal(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return authenticator.authenticate(URLDecoder.decode(token, StandardCharsets.UTF_8));
    }

    Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return authenticator.authenticate(token.strip());
    }

    void start(Context ctx, String token) {
        ctx.header("Set-Cookie", COOKIE + "=" + URLEncoder.encode(token.strip(), StandardCharsets.UTF_8)
                + "; Path=/; HttpOnly; SameSite=Strict" + (ctx.scheme().equals("https") ? "; Secure" : ""));
    }

    void end(Context ctx) {
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /**
     * Whether a form post comes from this site: browsers send {@code Origin} on every cross-site POST, so one that
     * names another host is refused (on top of the SameSite cookie).
     */
    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        try {
            String host = URI.create(origin).getAuthority();
            return host != null && host.equalsIgnoreCase(ctx.host());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A local path to return to after sign-in; anything else (another site, a scheme) becomes the home page. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/";
        }
        return next;
    }
}
