package org.meshwork.api;

/** The acting principal may not perform the action; the message says who, what and why. */
public class ForbiddenException extends MeshException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }
}
