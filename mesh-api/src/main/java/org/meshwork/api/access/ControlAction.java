package org.meshwork.api.access;

import java.util.Locale;

/** The actions besides reading data that access control decides, and the audit log records. */
public enum ControlAction {
    APPLY,
    RUN,
    GRANT,
    REVOKE,
    REQUEST_ACCESS,
    APPROVE,
    DENY,
    TOKEN_CREATE,
    TOKEN_REVOKE,
    POLICY_CHANGE,
    READ_AUDIT;

    /** The label used in the audit log and the API, e.g. {@code token_create}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
