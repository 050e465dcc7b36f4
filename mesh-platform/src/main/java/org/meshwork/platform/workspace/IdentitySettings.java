package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.meshwork.governance.identity.OidcSettings;

/**
 * How callers of a served workspace prove who they are ({@code identity} in {@code mesh.yaml}): the bearer tokens of
 * {@code mesh token create} always; the JWTs of an OpenID Connect issuer when {@code identity.oidc} is set.
 */
public record IdentitySettings(Optional<OidcSettings> oidc) {
    public static final String SECTION = "identity";

    public IdentitySettings {
        requireNonNull(oidc, "oidc is null");
    }

    /** Meshwork tokens only. */
    public static IdentitySettings defaults() {
        return new IdentitySettings(Optional.empty());
    }
}
