package org.meshwork.platform.workspace;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** {@code mesh.yaml} cannot be used; the message names the file, line and key. */
public class InvalidConfigurationException extends MeshException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
