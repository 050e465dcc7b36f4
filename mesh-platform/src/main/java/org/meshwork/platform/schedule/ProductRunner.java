package org.meshwork.platform.schedule;

import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunTrigger;

/**
 * Runs one product's pipeline to its end, blocking. Implementations enforce the product's timeout themselves (the run
 * ends {@code TIMED_OUT} and publishes nothing) and refuse a second concurrent run of the same product.
 */
public interface ProductRunner {
    /**
     * @return the final record of the run
     * @throws RunInProgressException when a run of the product is already going on, in this process or another
     */
    RunRecord run(ProductId product, RunTrigger trigger);
}
