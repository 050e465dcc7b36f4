package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.Principal;

/**
 * Authenticates the opaque bearer tokens of {@link TokenIssuer}: finds the token by its public id, compares the salted
 * hash of the presented secret with the stored one in constant time, and refuses revoked and expired tokens and users
 * the workspace no longer names. Never throws for a bad credential.
 */
public final class TokenAuthenticator implements Authenticator {
    private final AccessStore store;
    private final Supplier<Directory> directory;
    private final Clock clock;

    /** @param directory read on every call, so that a changed {@code mesh.yaml} takes effect at once */
    public TokenAuthenticator(AccessStore store, Supplier<Directory> directory, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<Principal> authenticate(String bearerCredential) {
        Optional<String[]> parts = TokenCodec.split(bearerCredential);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiToken> token = store.token(parts.get()[0]);
        if (token.isEmpty() || !TokenCodec.matches(token.get().salt(), parts.get()[1], token.get().secretHash())) {
            return Optional.empty();
        }
        if (!token.get().isActive(clock.instant())) {
            return Optional.empty();
        }
        Directory current = directory.get();
        if (!current.knows(token.get().user())) {
            return Optional.empty();
        }
        return Optional.of(current.principal(token.get().user()));
    }
}
