package org.meshwork.api.access;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;

/**
 * Where grants, access requests and token hashes live: the metadata store's access tables. Safe from several threads
 * and processes; each method is one transaction.
 */
public interface AccessStore {

    /** @throws IllegalArgumentException when a grant with the same id exists */
    void insertGrant(Grant grant);

    Optional<Grant> grant(String id);

    /** Every grant of a product, revoked and expired ones included, oldest first. */
    List<Grant> grants(ProductId product);

    /**
     * Marks a grant revoked.
     *
     * @return false when it does not exist or was revoked already (nothing changes then)
     */
    boolean revokeGrant(String id, Instant at);

    /** @throws IllegalArgumentException when a request with the same id exists */
    void insertRequest(AccessRequest request);

    Optional<AccessRequest> request(String id);

    /** The requests of several products (e.g. every product a team owns) with a status, oldest first. */
    List<AccessRequest> requests(Collection<ProductId> products, AccessRequestStatus status);

    /** Every request a user made, newest first. */
    List<AccessRequest> requestsBy(UserName requester);

    /**
     * Decides a pending request and, for an approval, stores its grant, in one transaction.
     *
     * @return false when the request is not pending any more (someone decided it first); nothing is stored then
     */
    boolean decideRequest(AccessRequest decided, Optional<Grant> grant);

    /** @throws IllegalArgumentException when a token with the same id exists */
    void insertToken(ApiToken token);

    Optional<ApiToken> token(String id);

    /** Tokens, oldest first: of one user, or every token when {@code user} is empty. */
    List<ApiToken> tokens(Optional<UserName> user);

    /** @return false when it does not exist or was revoked already */
    boolean revokeToken(String id, Instant at);
}
