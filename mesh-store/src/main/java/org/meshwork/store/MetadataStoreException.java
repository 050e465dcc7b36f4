package org.meshwork.store;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/**
 * The database behind a metadata store failed: it could not be opened or migrated, stayed busy for too long, or the
 * driver reported an error. Never a user error; the message names the database and the operation.
 */
public class MetadataStoreException extends MeshException {
    private static final long serialVersionUID = 1L;

    public MetadataStoreException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    public MetadataStoreException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
