package org.meshwork.server.ui;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;

/**
 * Access requests as the UI uses them: a consumer asks for a product with a purpose, the product's owners approve or
 * deny. The access-control module implements it at merge (an approval becomes a grant the
 * {@link org.meshwork.api.access.AccessController} honours, and both are audited).
 */
public interface AccessRequests {

    /**
     * Files a request.
     *
     * @throws org.meshwork.api.InvalidArgumentException when the purpose is blank
     * @throws org.meshwork.api.NoSuchProductException when the product does not exist or may not be discovered
     */
    Request request(Principal requester, ProductId product, String purpose);

    /**
     * The requests for a product that {@code owner} may decide, newest first, pending ones only when
     * {@code pendingOnly}.
     *
     * @throws org.meshwork.api.ForbiddenException when {@code owner} may not decide for the product
     */
    List<Request> forProduct(Principal owner, ProductId product, boolean pendingOnly, Paging paging);

    /** The requester's own requests for a product, newest first. */
    List<Request> byRequester(Principal requester, ProductId product, Paging paging);

    /**
     * Approves or denies a pending request.
     *
     * @throws org.meshwork.api.ForbiddenException when the decider may not decide for the product
     * @throws org.meshwork.api.InvalidArgumentException when there is no such pending request
     */
    Request decide(Principal decider, String requestId, Decision decision, Optional<String> reason);

    enum Status {
        PENDING, APPROVED, DENIED
    }

    enum Decision {
        APPROVE, DENY
    }

    record Request(String id, ProductId product, UserName requester, String purpose, Status status, Instant requestedAt,
                   Optional<UserName> decidedBy, Optional<String> reason) {
        public Request {
            requireNonNull(id, "id is null");
            requireNonNull(product, "product is null");
            requireNonNull(requester, "requester is null");
            requireNonNull(purpose, "purpose is null");
            requireNonNull(status, "status is null");
            requireNonNull(requestedAt, "requestedAt is null");
            requireNonNull(decidedBy, "decidedBy is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
