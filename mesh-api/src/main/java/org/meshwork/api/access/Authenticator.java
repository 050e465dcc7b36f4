package org.meshwork.api.access;

import java.util.Optional;

/**
 * Turns a bearer credential into a principal. The first implementation checks opaque tokens issued by
 * {@code mesh token create}; an OIDC/JWT implementation can sit behind the same interface.
 */
public interface Authenticator {

    /**
     * The principal the credential stands for, or empty when it is unknown, expired or revoked. Never throws for a
     * bad credential: the edge answers 401 for an empty result.
     */
    Optional<Principal> authenticate(String bearerCredential);
}
