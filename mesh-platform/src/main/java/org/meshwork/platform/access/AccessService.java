package org.meshwork.platform.access;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.DomainName;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Grant;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.governance.access.AccessWorkflow;
import org.meshwork.governance.access.GrantRequest;
import org.meshwork.governance.identity.IssuedToken;
import org.meshwork.governance.identity.TokenIssuer;

/**
 * The access operations as one service for the CLI and the REST server: tokens, grants, access requests and the audit
 * log, each taking the acting {@link Principal}. Every operation checks its own permission and is recorded in the
 * audit log (allowed or denied), so an edge needs nothing but authentication in front of it.
 */
public final class AccessService {
    private final TokenIssuer tokens;
    private final AccessWorkflow workflow;
    private final AuditTrail audit;
    private final Clock clock;

    public AccessService(TokenIssuer tokens, AccessWorkflow workflow, AuditTrail audit, Clock clock) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.workflow = requireNonNull(workflow, "workflow is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Creates a token for {@code user} (themself, or anyone for a platform admin); the text is shown once. */
    public IssuedToken createToken(Principal actor, UserName user, Optional<Duration> lifetime,
            Optional<String> description) {
        IssuedToken issued;
        try {
            issued = tokens.create(actor, user, lifetime, description);
        } catch (ForbiddenException e) {
            record(actor, ControlAction.TOKEN_CREATE, "denied", Map.of("user", user.value(), "reason", e.getMessage()));
            throw e;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("token", issued.stored().id());
        details.put("user", user.value());
        issued.stored().expiresAt().ifPresent(at -> details.put("expires", at.toString()));
        record(actor, ControlAction.TOKEN_CREATE, "allowed", details);
        return issued;
    }

    public List<ApiToken> tokens(Principal actor, Optional<UserName> user) {
        return tokens.list(actor, user);
    }

    public ApiToken revokeToken(Principal actor, String tokenId) {
        ApiToken revoked;
        try {
            revoked = tokens.revoke(actor, tokenId);
        } catch (ForbiddenException e) {
            record(actor, ControlAction.TOKEN_REVOKE, "denied", Map.of("token", tokenId, "reason", e.getMessage()));
            throw e;
        }
        record(actor, ControlAction.TOKEN_REVOKE, "allowed", Map.of("token", tokenId, "user", revoked.user().value()));
        return revoked;
    }

    public Grant grant(Principal actor, ProductId product, GrantRequest request) {
        return workflow.grant(actor, product, request);
    }

    public Grant revoke(Principal actor, String grantId) {
        return workflow.revoke(actor, grantId);
    }

    public List<Grant> grants(Principal actor, ProductId product) {
        return workflow.grants(actor, product);
    }

    public AccessRequest request(Principal actor, ProductId product, Optional<String> purpose, List<String> columns) {
        return workflow.request(actor, product, purpose, columns);
    }

    public AccessRequest approve(Principal actor, String requestId, Optional<String> reason) {
        return workflow.approve(actor, requestId, reason);
    }

    public AccessRequest deny(Principal actor, String requestId, String reason) {
        return workflow.deny(actor, requestId, reason);
    }

    public List<AccessRequest> pending(Principal actor, Optional<DomainName> domain) {
        return workflow.pending(actor, domain);
    }

    /** The requests for one product with one status, for its owners and platform admins. */
    public List<AccessRequest> requests(Principal actor, ProductId product, AccessRequestStatus status) {
        return workflow.requests(actor, product, status);
    }

    public List<AccessRequest> myRequests(Principal actor) {
        return workflow.mine(actor);
    }

    /** A page of the audit log, for auditors and platform admins. */
    public List<AuditEntry> audit(Principal actor, AuditQuery query) {
        checkAuditReader(actor);
        return audit.query(query);
    }

    /** Walks the audit chain, for auditors and platform admins. */
    public AuditVerification verifyAudit(Principal actor) {
        checkAuditReader(actor);
        return audit.verify();
    }

    private void checkAuditReader(Principal actor) {
        if (!actor.isPlatformAdmin() && !actor.isAuditor()) {
            ForbiddenException refusal = new ForbiddenException("user '" + actor.name() + "' may not read the audit log:"
                    + " only auditors and platform admins may (auditors are listed under 'auditors' in mesh.yaml)");
            record(actor, ControlAction.READ_AUDIT, "denied", Map.of("reason", refusal.getMessage()));
            throw refusal;
        }
    }

    private void record(Principal actor, ControlAction action, String outcome, Map<String, String> details) {
        audit.append(new AuditEvent(clock.instant(), actor.name(), action.label(), Optional.empty(), outcome, details,
                Optional.empty()).authenticated(actor.authentication()));
    }
}
