package org.meshwork.api.engine;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** An engine operation stopped because its session was cancelled, e.g. when a run timed out. */
public class QueryCancelledException extends MeshException {
    private static final long serialVersionUID = 1L;

    public QueryCancelledException(String message, Throwable cause) {
        super(ErrorCode.RUN_FAILED, message, cause);
    }
}
