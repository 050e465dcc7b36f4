package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEvent;

/**
 * The audit log as auditors browse it: a searchable page of events, newest first, and whether the hash chain that makes
 * the log tamper-evident verifies. The access-control module's audit log implements it at merge.
 */
public interface AuditTrail {

    /**
     * A page of events, newest first.
     *
     * @throws org.meshwork.api.ForbiddenException when the reader is neither an auditor nor a platform admin
     */
    Page search(Principal reader, Query query, Paging paging);

    /** Walks the hash chain. @throws org.meshwork.api.ForbiddenException as {@link #search} */
    Verification verifyChain(Principal reader);

    /** Every present field must match: {@code text} anywhere in the event, the others exactly. */
    record Query(Optional<String> text, Optional<String> actor, Optional<String> product, Optional<String> action) {
        public Query {
            requireNonNull(text, "text is null");
            requireNonNull(actor, "actor is null");
            requireNonNull(product, "product is null");
            requireNonNull(action, "action is null");
        }
    }

    record Page(List<AuditEvent> events, boolean more) {
        public Page {
            events = List.copyOf(events);
        }
    }

    /** {@code intact} and how many events were checked, or where the chain breaks. */
    record Verification(boolean intact, long eventsChecked, String detail) {
        public Verification {
            requireNonNull(detail, "detail is null");
        }
    }
}
