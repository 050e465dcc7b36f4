package org.meshwork.api;

/** The request carries no credentials, or credentials that are unknown, expired or revoked. */
public class UnauthenticatedException extends MeshException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super(ErrorCode.UNAUTHENTICATED, message);
    }
}
