package org.meshwork.api.engine;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** A descriptor asks for an engine this installation does not have. */
public class EngineUnavailableException extends MeshException {
    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String engine) {
        super(ErrorCode.ENGINE_UNAVAILABLE, "engine '" + engine + "' is not available in this installation");
    }
}
