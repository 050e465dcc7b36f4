package org.meshwork.api.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Authentication;

/**
 * Something to record in the audit log: a data read or a control action.
 *
 * @param action {@code read}, {@code query}, {@code authenticate}, or a
 *     {@link org.meshwork.api.access.ControlAction} label
 * @param outcome {@code allowed}, {@code denied} or {@code failed}
 * @param details what else matters for the action, as text: for a read the version, columns, filter, rows returned,
 *     purpose; for a grant its grantee and columns; kept in key order
 * @param authenticatedBy how the actor authenticated ({@link org.meshwork.api.access.AuthenticationMethod#label()}:
 *     {@code oidc}, {@code pat}, {@code service-account}); empty for the local CLI and for refused credentials
 */
public record AuditEvent(
        Instant at,
        UserName actor,
        String action,
        Optional<ProductId> product,
        String outcome,
        Map<String, String> details,
        Optional<String> clientAddress,
        Optional<String> authenticatedBy) {

    public AuditEvent {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(product, "product is null");
        requireNonNull(outcome, "outcome is null");
        details = Map.copyOf(details);
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(authenticatedBy, "authenticatedBy is null");
    }

    /** An event of an actor that did not authenticate with a credential (the local CLI). */
    public AuditEvent(Instant at, UserName actor, String action, Optional<ProductId> product, String outcome,
            Map<String, String> details, Optional<String> clientAddress) {
        this(at, actor, action, product, outcome, details, clientAddress, Optional.empty());
    }

    /**
     * This event with how the actor authenticated, and from where when the event does not say already: what every
     * event of an authenticated principal carries.
     */
    public AuditEvent authenticated(Optional<Authentication> authentication) {
        if (authentication.isEmpty()) {
            return this;
        }
        Optional<String> address = clientAddress.isPresent() ? clientAddress : authentication.get().clientAddress();
        return new AuditEvent(at, actor, action, product, outcome, details, address,
                Optional.of(authentication.get().method().label()));
    }
}
