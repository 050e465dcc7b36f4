package org.meshwork.platform.schedule;

import org.meshwork.api.ErrorCode;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;

/** A run of a product was asked for while another run of the same product is still in progress. Nothing was started. */
public class RunInProgressException extends MeshException {
    private static final long serialVersionUID = 1L;

    public RunInProgressException(ProductId product) {
        super(ErrorCode.RUN_IN_PROGRESS, "a run of " + product + " is already in progress: wait for it to end, then run again");
    }
}
