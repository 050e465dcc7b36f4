package org.meshwork.api;

/** A named thing (a grant, an access request, a token) does not exist; the message says which and how to find one. */
public class NoSuchResourceException extends MeshException {
    private static final long serialVersionUID = 1L;

    public NoSuchResourceException(String message) {
        super(ErrorCode.NO_SUCH_RESOURCE, message);
    }
}
