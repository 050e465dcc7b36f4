package org.meshwork.platform.schedule;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;

/** A run of the product is already going on; runs of one product never overlap. */
public class RunInProgressException extends MeshException {
    private static final long serialVersionUID = 1L;

    public RunInProgressException(ProductId product) {
        super(ErrorCode.RUN_IN_PROGRESS, "a run of " + product + " is already in progress; runs of one product never overlap");
    }
}
