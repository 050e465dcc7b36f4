package org.meshwork.api;

/** No pipeline run with the given id exists. */
public class NoSuchRunException extends MeshException {
    private static final long serialVersionUID = 1L;

    public NoSuchRunException(String runId) {
        super(ErrorCode.NO_SUCH_RUN, "no run '" + runId + "'");
    }
}
