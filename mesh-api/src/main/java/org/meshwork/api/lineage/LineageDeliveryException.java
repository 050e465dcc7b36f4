package org.meshwork.api.lineage;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;

/** An OpenLineage event could not be delivered to its sink; the message names the sink and the cause. */
public final class LineageDeliveryException extends MeshException {
    private static final long serialVersionUID = 1L;

    public LineageDeliveryException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
