package org.meshwork.api;

import static java.util.Objects.requireNonNull;

/** Base of every error Meshwork reports on purpose. Unchecked; carries the {@link ErrorCode} the edges map. */
public class MeshException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public MeshException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public MeshException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
