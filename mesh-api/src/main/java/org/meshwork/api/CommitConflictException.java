package org.meshwork.api;

/** Someone else committed a new version of the same resource first. Nothing of the losing commit was stored. */
public class CommitConflictException extends MeshException {
    private static final long serialVersionUID = 1L;

    public CommitConflictException(String message) {
        super(ErrorCode.COMMIT_CONFLICT, message);
    }
}
