package org.meshwork.api.access;

import java.util.Map;
import java.util.Optional;

/**
 * Turns a bearer credential into a principal: the opaque tokens of {@code mesh token create}, the JWTs of an OpenID
 * Connect issuer, or either.
 */
public interface Authenticator {

    /**
     * The principal the credential stands for, or empty when it is unknown, expired or revoked. Never throws for a
     * bad credential: the edge answers 401 for an empty result.
     */
    Optional<Principal> authenticate(String bearerCredential);

    /**
     * The principal, or why the credential was refused. Never throws for a bad credential.
     *
     * @throws org.meshwork.api.MeshException when the credential cannot be checked now (an identity provider that does
     *     not answer), which says nothing about the credential itself
     */
    default CredentialCheck check(String bearerCredential) {
        return authenticate(bearerCredential)
                .<CredentialCheck>map(CredentialCheck.Accepted::new)
                .orElseGet(() -> new CredentialCheck.Refused("the bearer token is unknown, expired or revoked",
                        Map.of()));
    }
}
