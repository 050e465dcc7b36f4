package org.meshwork.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.InvalidTokenException;
import org.meshwork.api.MeshException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: {@code {"code", "message", "details"}} with the status of the
 * {@link ErrorCode}. Unexpected exceptions are logged with their stack trace here and answered with a generic 500 that
 * names the time to look for in the log, never the trace itself.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private final ObjectMapper json;

    ApiErrors(ObjectMapper json) {
        this.json = json;
    }

    void write(Context ctx, Exception exception) {
        if (exception instanceof MeshException mesh) {
            ErrorCode code = mesh.errorCode();
            if (code.httpStatus() >= 500) {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), mesh.getMessage(), mesh);
            }
            if (mesh instanceof InvalidTokenException) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"meshwork\", error=\"invalid_token\", error_description=\""
                        + errorDescription(mesh.getMessage()) + "\"");
            } else if (code == ErrorCode.UNAUTHENTICATED) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"meshwork\"");
            }
            write(ctx, code.httpStatus(), code.code(), mesh.getMessage(), Map.of());
        } else if (exception instanceof HttpResponseException http) {
            write(ctx, http.getStatus(), http.getStatus() == 404 ? ErrorCode.NO_SUCH_RESOURCE.code()
                    : http.getStatus() == 405 ? ErrorCode.INVALID_ARGUMENT.code() : ErrorCode.INTERNAL.code(),
                    http.getMessage(), Map.of());
        } else {
            LOG.error("{} {} failed unexpectedly", ctx.method(), ctx.path(), exception);
            write(ctx, ErrorCode.INTERNAL.httpStatus(), ErrorCode.INTERNAL.code(),
                    "internal error; the server log has the details (" + java.time.Instant.now() + ")", Map.of());
        }
    }

    /** RFC 6750 section 3: {@code error_description} holds printable ASCII other than {@code "} and {@code \\}. */
    static String errorDescription(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            out.append(c == '"' ? '\'' : c == '\\' ? '/' : c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return out.toString();
    }

    void write(Context ctx, int status, String code, String message, Map<String, Object> details) {
        if (ctx.res().isCommitted()) {
            // the body has started streaming and the status is sent: abort the connection, so the client sees a
            // broken response (no final chunk) rather than a short one that looks complete
            LOG.warn("{} {} failed after the response started: {}", ctx.method(), ctx.path(), message);
            ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
            if (request != null) {
                request.getServletChannel().abort(new java.io.IOException(message));
            }
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("details", details);
        try {
            ctx.res().resetBuffer();
            ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error as JSON", e);
        }
    }
}
