package org.meshwork.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Grant;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.api.policy.PolicyResult;
import org.meshwork.governance.access.AccessWorkflow;

/**
 * The JSON documents of governance: tokens (never their secret), grants, access requests, audit entries, the audit
 * chain's verification and policy verdicts. Explicit maps, a stable interface: the REST API answers with them and the
 * CLI prints them with {@code --json}, so both modes show the same shapes.
 */
public final class GovernanceViews {
    private GovernanceViews() {}

    public static Map<String, Object> token(ApiToken token) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", token.id());
        json.put("user", token.user().value());
        json.put("description", token.description().orElse(null));
        json.put("created_at", token.createdAt().toString());
        json.put("created_by", token.createdBy().value());
        json.put("expires_at", token.expiresAt().map(Object::toString).orElse(null));
        json.put("revoked_at", token.revokedAt().map(Object::toString).orElse(null));
        return json;
    }

    public static Map<String, Object> grant(Grant grant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", grant.id());
        json.put("product", grant.product().toString());
        json.put("grantee", grant.grantee().toString());
        json.put("columns", grant.columns());
        json.put("row_filter", grant.rowFilter().stream().map(predicate -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("column", predicate.column());
            p.put("operator", predicate.operator().label());
            p.put("values", predicate.values());
            p.put("negated", predicate.negated());
            return p;
        }).toList());
        json.put("row_filter_text", AccessWorkflow.describe(grant.rowFilter()));
        json.put("purpose", grant.purpose().orElse(null));
        json.put("pii", grant.piiClearance());
        json.put("granted_by", grant.grantedBy().value());
        json.put("granted_at", grant.grantedAt().toString());
        json.put("expires_at", grant.expiresAt().map(Object::toString).orElse(null));
        json.put("revoked_at", grant.revokedAt().map(Object::toString).orElse(null));
        json.put("request", grant.requestId().orElse(null));
        return json;
    }

    public static Map<String, Object> request(AccessRequest request) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", request.id());
        json.put("product", request.product().toString());
        json.put("requester", request.requester().value());
        json.put("purpose", request.purpose().orElse(null));
        json.put("columns", request.columns());
        json.put("status", request.status().label());
        json.put("requested_at", request.requestedAt().toString());
        json.put("decided_by", request.decidedBy().map(Object::toString).orElse(null));
        json.put("decided_at", request.decidedAt().map(Object::toString).orElse(null));
        json.put("reason", request.reason().orElse(null));
        json.put("grant", request.grantId().orElse(null));
        return json;
    }

    public static Map<String, Object> entry(AuditEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sequence", entry.sequence());
        json.put("at", entry.event().at().toString());
        json.put("actor", entry.event().actor().value());
        json.put("action", entry.event().action());
        json.put("product", entry.event().product().map(Object::toString).orElse(null));
        json.put("outcome", entry.event().outcome());
        json.put("details", new java.util.TreeMap<>(entry.event().details()));
        json.put("client_address", entry.event().clientAddress().orElse(null));
        json.put("authenticated_by", entry.event().authenticatedBy().orElse(null));
        json.put("previous_hash", entry.previousHash());
        json.put("hash", entry.hash());
        return json;
    }

    public static Map<String, Object> verification(AuditVerification verification) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("intact", verification.intact());
        json.put("entries", verification.entries());
        json.put("head_hash", verification.headHash());
        json.put("first_bad_sequence", verification.firstBadSequence().orElse(null));
        json.put("problem", verification.problem().orElse(null));
        return json;
    }

    /** One policy verdict for one product: {@code mesh apply --json}, {@code mesh policy report --json}, the API. */
    public static Map<String, Object> policyResult(PolicyResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("product", result.product().toString());
        json.put("policy", result.policy().key());
        json.put("scope", result.policy().isGlobal() ? "global" : "domain");
        json.put("stage", result.policy().stage().label());
        json.put("enforcement", result.policy().enforcement().label());
        json.put("verdict", result.verdict().label());
        json.put("reason", result.reason());
        return json;
    }

    static List<Map<String, Object>> policyResults(List<PolicyResult> results) {
        return results.stream().map(GovernanceViews::policyResult).toList();
    }
}
