package org.meshwork.cli;

import java.util.List;
import java.util.Map;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Grant;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.server.GovernanceViews;

/** The JSON shapes of the access commands ({@code --json}): the API's ({@link GovernanceViews}). Never a secret. */
final class AccessJsonViews {
    private AccessJsonViews() {}

    static Map<String, Object> token(ApiToken token) {
        return GovernanceViews.token(token);
    }

    static Map<String, Object> grant(Grant grant) {
        return GovernanceViews.grant(grant);
    }

    static Map<String, Object> request(AccessRequest request) {
        return GovernanceViews.request(request);
    }

    static Map<String, Object> entry(AuditEntry entry) {
        return GovernanceViews.entry(entry);
    }

    static Map<String, Object> verification(AuditVerification verification) {
        return GovernanceViews.verification(verification);
    }

    static List<String> csv(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
