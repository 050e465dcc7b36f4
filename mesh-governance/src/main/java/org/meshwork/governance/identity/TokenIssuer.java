package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.ForbiddenException;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.NoSuchResourceException;
import org.meshwork.api.UserName;
import org.meshwork.api.access.AccessStore;
import org.meshwork.api.access.ApiToken;
import org.meshwork.api.access.Principal;

/**
 * Creates, lists and revokes bearer tokens. A user may manage their own tokens; platform admins anyone's. Tokens are
 * issued only for users the workspace names, so a typo cannot mint a credential for nobody.
 */
public final class TokenIssuer {
    private final AccessStore store;
    private final Directory directory;
    private final Clock clock;

    public TokenIssuer(AccessStore store, Directory directory, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Creates a token for {@code user}; the returned text is the only copy of the secret.
     *
     * @throws ForbiddenException when {@code actor} is neither {@code user} nor a platform admin
     * @throws InvalidArgumentException when the user is unknown or the lifetime is not positive
     */
    public IssuedToken create(Principal actor, UserName user, Optional<Duration> lifetime, Optional<String> description) {
        requireNonNull(actor, "actor is null");
        requireNonNull(user, "user is null");
        checkSelfOrAdmin(actor, user, "create a token for");
        InvalidArgumentException.check(directory.knows(user), "user '%s' is not named in mesh.yaml (teams,"
                + " platform_admins, auditors, service_accounts or default_user); add them there first", user);
        lifetime.ifPresent(duration -> InvalidArgumentException.check(!duration.isNegative() && !duration.isZero(),
                "--expires must be a positive duration, got %s", duration));
        description.ifPresent(text -> InvalidArgumentException.check(text.length() <= 500,
                "--description must be at most 500 characters, got %d", text.length()));
        Instant now = clock.instant();
        String id = TokenCodec.newId();
        String secret = TokenCodec.newSecret();
        String salt = TokenCodec.newSalt();
        ApiToken token = new ApiToken(id, user, description, now, actor.name(), lifetime.map(now::plus),
                Optional.empty(), salt, java.util.HexFormat.of().formatHex(TokenCodec.hash(salt, secret)));
        store.insertToken(token);
        return new IssuedToken(TokenCodec.text(id, secret), token);
    }

    /** The actor's tokens, or, for a platform admin, every token (or one user's). */
    public List<ApiToken> list(Principal actor, Optional<UserName> user) {
        requireNonNull(actor, "actor is null");
        if (user.isPresent()) {
            checkSelfOrAdmin(actor, user.get(), "list the tokens of");
            return store.tokens(user);
        }
        return store.tokens(actor.isPlatformAdmin() ? Optional.empty() : Optional.of(actor.name()));
    }

    /**
     * Revokes a token at once: the next request that presents it is refused.
     *
     * @throws NoSuchResourceException when no token has that id
     * @throws ForbiddenException when the actor is neither its user nor a platform admin
     */
    public ApiToken revoke(Principal actor, String id) {
        requireNonNull(actor, "actor is null");
        ApiToken token = store.token(id).orElseThrow(() -> new NoSuchResourceException("no token has id '" + id
                + "'; list tokens with: mesh token list"));
        checkSelfOrAdmin(actor, token.user(), "revoke a token of");
        Instant now = clock.instant();
        if (!store.revokeToken(id, now)) {
            throw new InvalidArgumentException("token '" + id + "' was revoked already, at " + token.revokedAt()
                    .map(Object::toString).orElse("an earlier time"));
        }
        return store.token(id).orElseThrow();
    }

    private static void checkSelfOrAdmin(Principal actor, UserName user, String what) {
        if (!actor.isPlatformAdmin() && !actor.name().equals(user)) {
            throw new ForbiddenException("user '" + actor.name() + "' may not " + what + " user '" + user
                    + "': only the user themself or a platform admin may");
        }
    }
}
