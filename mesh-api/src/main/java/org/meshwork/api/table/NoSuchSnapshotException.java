package org.meshwork.api.table;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** A table has no snapshot at the requested version or time. */
public class NoSuchSnapshotException extends MeshException {
    private static final long serialVersionUID = 1L;

    public NoSuchSnapshotException(String message) {
        super(ErrorCode.NO_SUCH_VERSION, message);
    }

    public NoSuchSnapshotException(String message, Throwable cause) {
        super(ErrorCode.NO_SUCH_VERSION, message, cause);
    }
}
