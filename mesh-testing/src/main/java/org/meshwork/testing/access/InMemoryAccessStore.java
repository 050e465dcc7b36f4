package org.meshwork.testing.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Grant;

/** An {@link AccessStore} in memory, for unit tests. Every method holds the store's lock. */
public final class InMemoryAccessStore implements AccessStore {
    private final Map<String, Grant> grants = new LinkedHashMap<>();
    private final Map<String, AccessRequest> requests = new LinkedHashMap<>();
    private final Map<String, ApiToken> tokens = new LinkedHashMap<>();

    @Override
    public synchronized void insertGrant(Grant grant) {
        if (grants.putIfAbsent(grant.id(), requireNonNull(grant, "grant is null")) != null) {
            throw new IllegalArgumentException("grant '" + grant.id() + "' already exists");
        }
    }

    @Override
    public synchronized Optional<Grant> grant(String id) {
        return Optional.ofNullable(grants.get(id));
    }

    @Override
    public synchronized List<Grant> grants(ProductId product) {
        return grants.values().stream().filter(grant -> grant.product().equals(product))
                .sorted(Comparator.comparing(Grant::grantedAt).thenComparing(Grant::id)).toList();
    }

    @Override
    public synchronized boolean revokeGrant(String id, Instant at) {
        Grant grant = grants.get(id);
        if (grant == null || grant.revokedAt().isPresent()) {
            return false;
        }
        grants.put(id, grant.revoked(at));
        return true;
    }

    @Override
    public synchronized void insertRequest(AccessRequest request) {
        if (requests.putIfAbsent(request.id(), requireNonNull(request, "request is null")) != null) {
            throw new IllegalArgumentException("access request '" + request.id() + "' already exists");
        }
    }

    @Override
    public synchronized Optional<AccessRequest> request(String id) {
        return Optional.ofNullable(requests.get(id));
    }

    @Override
    public synchronized List<AccessRequest> requests(Collection<ProductId> products, AccessRequestStatus status) {
        return requests.values().stream()
                .filter(request -> products.contains(request.product()) && request.status() == status)
                .sorted(Comparator.comparing(AccessRequest::requestedAt).thenComparing(AccessRequest::id)).toList();
    }

    @Override
    public synchronized List<AccessRequest> requestsBy(UserName requester) {
        return requests.values().stream().filter(request -> request.requester().equals(requester))
                .sorted(Comparator.comparing(AccessRequest::requestedAt).thenComparing(AccessRequest::id).reversed())
                .toList();
    }

    @Override
    public synchronized boolean decideRequest(AccessRequest decided, Optional<Grant> grant) {
        AccessRequest current = requests.get(decided.id());
        if (current == null || current.status() != AccessRequestStatus.PENDING) {
            return false;
        }
        grant.ifPresent(this::insertGrant);
        requests.put(decided.id(), decided);
        return true;
    }

    @Override
    public synchronized void insertToken(ApiToken token) {
        if (tokens.putIfAbsent(token.id(), requireNonNull(token, "token is null")) != null) {
            throw new IllegalArgumentException("token '" + token.id() + "' already exists");
        }
    }

    @Override
    public synchronized Optional<ApiToken> token(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    @Override
    public synchronized List<ApiToken> tokens(Optional<UserName> user) {
        return tokens.values().stream().filter(token -> user.map(token.user()::equals).orElse(true))
                .sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(ApiToken::id)).toList();
    }

    @Override
    public synchronized boolean revokeToken(String id, Instant at) {
        ApiToken token = tokens.get(id);
        if (token == null || token.revokedAt().isPresent()) {
            return false;
        }
        tokens.put(id, new ApiToken(token.id(), token.user(), token.description(), token.createdAt(),
                token.createdBy(), token.expiresAt(), Optional.of(at), token.salt(), token.secretHash()));
        return true;
    }
}
