package org.meshwork.api.access;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** What an {@link Authenticator} found for a bearer credential: the principal it stands for, or why it was refused. */
public sealed interface CredentialCheck permits CredentialCheck.Accepted, CredentialCheck.Refused {

    /** The credential is valid; the principal carries how it was authenticated. */
    record Accepted(Principal principal) implements CredentialCheck {
        public Accepted {
            requireNonNull(principal, "principal is null");
        }
    }

    /**
     * The credential is not valid.
     *
     * @param reason for the caller and the audit log, e.g. "the token expired at 2026-01-01T00:00:00Z"; never a secret
     * @param details what the audit log records besides the reason (the kind of credential, a token's public id, the
     *     issuer a JWT claims), never a secret
     */
    record Refused(String reason, Map<String, String> details) implements CredentialCheck {
        public Refused {
            requireNonNull(reason, "reason is null");
            details = Map.copyOf(details);
        }
    }
}
