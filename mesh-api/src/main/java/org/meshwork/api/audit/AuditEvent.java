package org.meshwork.api.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;

/**
 * Something to record in the audit log: a data read or a control action.
 *
 * @param action {@code read}, {@code query}, or a {@link org.meshwork.api.access.ControlAction} label
 * @param outcome {@code allowed}, {@code denied} or {@code failed}
 * @param details what else matters for the action, as text: for a read the version, columns, filter, rows returned,
 *     purpose; for a grant its grantee and columns; kept in key order
 */
public record AuditEvent(
        Instant at,
        UserName actor,
        String action,
        Optional<ProductId> product,
        String outcome,
        Map<String, String> details,
        Optional<String> clientAddress) {

    public AuditEvent {
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(action, "action is null");
        requireNonNull(product, "product is null");
        requireNonNull(outcome, "outcome is null");
        details = Map.copyOf(details);
        requireNonNull(clientAddress, "clientAddress is null");
    }
}
