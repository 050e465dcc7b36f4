package org.meshwork.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.MeshException;
import org.meshwork.api.NoSuchProductException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Grantee;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.governance.access.GrantRequest;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.access.AccessService;

/**
 * The governance handlers: self-serve access requests and their decisions, grants, the audit log and the policy
 * report. Every operation is the {@link AccessService}'s, called with the caller's principal: the service checks the
 * permission (owners decide on their products, auditors and admins read the log) and audits the action, allowed or
 * denied, so these handlers only translate HTTP.
 */
final class GovernanceRoutes {
    private final ServerServices services;
    private final Mesh mesh;
    private final AccessService access;
    private final ObjectMapper json;

    GovernanceRoutes(ServerServices services, ObjectMapper json) {
        this.services = services;
        this.mesh = services.mesh();
        this.access = services.mesh().access();
        this.json = json;
    }

    void requestAccess(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        ProductId id = discoverable(ctx, principal);
        JsonBody body = JsonBody.read(ctx, json, "purpose", "columns");
        AccessRequest request = access.request(principal, id, body.text("purpose"), body.texts("columns"));
        respond(ctx, 201, GovernanceViews.request(request));
    }

    void accessRequests(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("status", "domain");
        String status = query.single("status").map(String::strip).orElse("pending");
        Optional<DomainName> domain = query.single("domain").map(text -> {
            try {
                return DomainName.of(text);
            } catch (IllegalArgumentException | MeshException e) {
                throw new InvalidArgumentException("query parameter 'domain': " + e.getMessage());
            }
        });
        List<AccessRequest> requests;
        if (status.equals("pending")) {
            requests = access.pending(principal, domain);
        } else if (status.equals("mine")) {
            if (domain.isPresent()) {
                throw new InvalidArgumentException("query parameter 'domain' goes with status=pending only");
            }
            requests = access.myRequests(principal);
        } else {
            throw new InvalidArgumentException("query parameter 'status' must be pending (requests you may decide) or "
                    + "mine (requests you made), got '" + status + "'");
        }
        respond(ctx, 200, Map.of("items", requests.stream().map(GovernanceViews::request).toList()));
    }

    void approve(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        JsonBody body = JsonBody.read(ctx, json, "reason");
        respond(ctx, 200, GovernanceViews.request(access.approve(principal, requestId(ctx), body.text("reason"))));
    }

    void deny(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        JsonBody body = JsonBody.read(ctx, json, "reason");
        respond(ctx, 200, GovernanceViews.request(access.deny(principal, requestId(ctx), body.requiredText("reason"))));
    }

    void grants(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        ProductId id = discoverable(ctx, principal);
        respond(ctx, 200, Map.of("items", access.grants(principal, id).stream().map(GovernanceViews::grant).toList()));
    }

    void grant(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        ProductId id = discoverable(ctx, principal);
        JsonBody body = JsonBody.read(ctx, json, "grantee", "columns", "where", "purpose", "expires", "pii");
        Grantee grantee = field("grantee", () -> Grantee.parse(body.requiredText("grantee")));
        Optional<java.time.Duration> expires = body.text("expires")
                .map(text -> field("expires", () -> DurationSpec.parse(text).duration()));
        GrantRequest request = new GrantRequest(grantee, body.texts("columns"), body.text("where"),
                body.text("purpose"), expires, body.flag("pii"));
        Grant grant = access.grant(principal, id, request);
        respond(ctx, 201, GovernanceViews.grant(grant));
    }

    void revoke(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        String grantId = ctx.pathParam("id").strip();
        respond(ctx, 200, GovernanceViews.grant(access.revoke(principal, grantId)));
    }

    void audit(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap())
                .allowOnly("product", "user", "action", "since", "after", "limit");
        Optional<ProductId> product = query.single("product").map(text -> field("query parameter 'product'",
                () -> ProductId.parse(text.strip())));
        Optional<UserName> user = query.single("user").map(text -> field("query parameter 'user'",
                () -> UserName.of(text.strip())));
        Optional<String> action = query.single("action").map(String::strip).filter(text -> !text.isEmpty());
        Optional<Instant> since = query.single("since").map(GovernanceRoutes::instant);
        long after = query.number("after", 0, 0, Long.MAX_VALUE);
        int limit = (int) query.number("limit", 100, 1, AuditQuery.LIMIT_MAX);
        List<AuditEntry> entries = access.audit(principal, new AuditQuery(product, user, action, since, after, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", entries.stream().map(GovernanceViews::entry).toList());
        body.put("next_after", entries.size() == limit ? entries.get(entries.size() - 1).sequence() : null);
        respond(ctx, 200, body);
    }

    void verifyAudit(Context ctx, Principal principal) throws IOException {
        new QueryParameters(ctx.queryParamMap()).allowOnly();
        respond(ctx, 200, GovernanceViews.verification(access.verifyAudit(principal)));
    }

    void policyReport(Context ctx, Principal principal) throws IOException {
        QueryParameters query = new QueryParameters(ctx.queryParamMap()).allowOnly("domain");
        Optional<DomainName> domain = query.single("domain").map(text -> field("query parameter 'domain'",
                () -> DomainName.of(text.strip())));
        List<PolicyResult> results = mesh.policyReport(domain).stream()
                .filter(result -> services.access().canDiscover(principal, result.product())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domain", domain.map(Object::toString).orElse("all"));
        body.put("results", GovernanceViews.policyResults(results));
        respond(ctx, 200, body);
    }

    /** An ISO-8601 instant ({@code 2026-11-24T20:00:00Z}) or a date ({@code 2026-11-24}, midnight UTC). */
    static Instant instant(String text) {
        String value = text.strip();
        try {
            return value.length() == 10 ? java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("query parameter 'since' must be an instant such as "
                    + "2026-11-24T20:00:00Z or a date such as 2026-11-24, got '" + text + "'");
        }
    }

    private static String requestId(Context ctx) {
        String id = ctx.pathParam("id").strip();
        if (id.isEmpty()) {
            throw new InvalidArgumentException("path parameter 'id' is empty: name an access request");
        }
        return id;
    }

    private ProductId discoverable(Context ctx, Principal principal) {
        ProductId id = field("path parameter 'id'", () -> ProductId.parse(ctx.pathParam("id")));
        mesh.products().get(id);
        if (!services.access().canDiscover(principal, id)) {
            throw new NoSuchProductException(id);
        }
        return id;
    }

    /** Parses a value; a malformed one is a 400 naming where it came from. */
    private static <T> T field(String what, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | MeshException e) {
            if (e instanceof InvalidArgumentException && e.getMessage() != null && e.getMessage().contains(what)) {
                throw e;
            }
            throw new InvalidArgumentException((what.contains(" ") ? what : "field '" + what + "'") + ": "
                    + e.getMessage());
        }
    }

    private void respond(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }
}
