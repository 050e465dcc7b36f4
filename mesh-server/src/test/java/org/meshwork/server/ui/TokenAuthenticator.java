package org.meshwork.server.ui;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.Principal;

/** Test authenticator: a fixed map of tokens to principals (the real one checks tokens issued by `mesh token create`). */
final class TokenAuthenticator implements Authenticator {
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();

    TokenAuthenticator add(String token, Principal principal) {
        principals.put(token, principal);
        return this;
    }

    @Override
    public Optional<Principal> authenticate(String bearerCredential) {
        return Optional.ofNullable(principals.get(bearerCredential));
    }
}
