package org.meshwork.api;

/**
 * The request carries a bearer token that was refused (RFC 6750 {@code invalid_token}): malformed, expired, revoked,
 * from another issuer or audience, or not signed by a trusted key. The message says which.
 */
public class InvalidTokenException extends UnauthenticatedException {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }
}
