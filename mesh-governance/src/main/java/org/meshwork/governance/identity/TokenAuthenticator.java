package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.AuthenticationMethod;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.CredentialCheck;
import org.meshwork.api.access.Principal;
import org.meshwork.api.access.PrincipalKind;

/**
 * Authenticates the opaque bearer tokens of {@link TokenIssuer}: finds the token by its public id, compares the salted
 * hash of the presented secret with the stored one in constant time, and refuses revoked and expired tokens and users
 * the workspace no longer names, saying which. Never throws for a bad credential.
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
        return check(bearerCredential) instanceof CredentialCheck.Accepted accepted
                ? Optional.of(accepted.principal()) : Optional.empty();
    }

    /**
     * Accepts an active token of a user the workspace names, as a personal access token or, for a service account, a
     * service-account token. A wrong secret is refused exactly as an unknown id is, so the answer tells nothing
     * about which token ids exist; only the holder of the right secret learns that it was revoked or expired.
     */
    @Override
    public CredentialCheck check(String bearerCredential) {
        Optional<String[]> parts = TokenCodec.split(bearerCredential);
        if (parts.isEmpty()) {
            return new CredentialCheck.Refused("the bearer token is not a Meshwork token (mwt_<id>_<secret>)",
                    Map.of("credential", "meshwork-token"));
        }
        Map<String, String> details = Map.of("credential", "meshwork-token", "token", parts.get()[0]);
        Optional<ApiToken> token = store.token(parts.get()[0]);
        if (token.isEmpty() || !TokenCodec.matches(token.get().salt(), parts.get()[1], token.get().secretHash())) {
            return new CredentialCheck.Refused("the token is unknown (no token has this id and secret)", details);
        }
        if (token.get().revokedAt().isPresent()) {
            return new CredentialCheck.Refused("the token was revoked at " + token.get().revokedAt().get(), details);
        }
        if (!token.get().isActive(clock.instant())) {
            return new CredentialCheck.Refused("the token expired at " + token.get().expiresAt().orElseThrow(), details);
        }
        Directory current = directory.get();
        if (!current.knows(token.get().user())) {
            return new CredentialCheck.Refused("the token's user '" + token.get().user()
                    + "' is no longer named in mesh.yaml", details);
        }
        Principal principal = current.principal(token.get().user());
        return new CredentialCheck.Accepted(principal.authenticatedBy(principal.kind() == PrincipalKind.SERVICE_ACCOUNT
                ? AuthenticationMethod.SERVICE_ACCOUNT_TOKEN : AuthenticationMethod.PERSONAL_ACCESS_TOKEN));
    }
}
