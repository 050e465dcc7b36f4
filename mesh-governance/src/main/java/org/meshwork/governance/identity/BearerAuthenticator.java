package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.meshwork.api.access.Authenticator;
import org.meshwork.api.access.CredentialCheck;
import org.meshwork.api.access.Principal;

/**
 * The bearer credentials a served workspace accepts: Meshwork tokens ({@code mwt_…}, personal or of a service account)
 * and, when {@code mesh.yaml} configures an issuer, its OpenID Connect JWTs. The two never overlap — a Meshwork token
 * always starts with {@code mwt_}, a JWT is base64url JSON starting with {@code eyJ} — so each credential is checked by
 * exactly one authenticator, and a JWT can never be mistaken for a token id or the reverse.
 */
public final class BearerAuthenticator implements Authenticator {
    private final TokenAuthenticator tokens;
    private final Optional<OidcAuthenticator> oidc;

    public BearerAuthenticator(TokenAuthenticator tokens, Optional<OidcAuthenticator> oidc) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.oidc = requireNonNull(oidc, "oidc is null");
    }

    @Override
    public Optional<Principal> authenticate(String bearerCredential) {
        return check(bearerCredential) instanceof CredentialCheck.Accepted accepted
                ? Optional.of(accepted.principal()) : Optional.empty();
    }

    @Override
    public CredentialCheck check(String bearerCredential) {
        String credential = bearerCredential == null ? "" : bearerCredential.strip();
        if (credential.startsWith(TokenCodec.PREFIX)) {
            return tokens.check(credential);
        }
        if (OidcAuthenticator.looksLikeJwt(credential)) {
            return oidc.map(authenticator -> authenticator.check(credential)).orElseGet(() ->
                    new CredentialCheck.Refused("the bearer token is a JWT, but this workspace accepts none: no"
                            + " identity.oidc issuer is configured in mesh.yaml", Map.of("credential", "jwt")));
        }
        return new CredentialCheck.Refused("the bearer token is neither a Meshwork token (mwt_…) nor a JWT",
                Map.of("credential", "unrecognised"));
    }
}
