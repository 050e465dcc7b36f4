package org.meshwork.governance.identity;

import static java.util.Objects.requireNonNull;

import org.meshwork.api.access.ApiToken;

/**
 * A token just created: the text to hand to its user — shown once, never stored — and the record the store keeps.
 */
public record IssuedToken(String text, ApiToken stored) {

    public IssuedToken {
        requireNonNull(text, "text is null");
        requireNonNull(stored, "stored is null");
    }

    @Override
    public String toString() {
        return "IssuedToken[" + stored.id() + "]"; // never the secret
    }
}
