package org.meshwork.platform.schedule;

import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunCause;
import org.meshwork.api.store.RunRecord;

/**
 * Runs one product's pipeline to its end, blocking. The seam between the {@link Scheduler} and the run use case
 * ({@code org.meshwork.platform.run.RunService}), which authorises and audits every run whatever triggered it; the
 * scheduler never reaches the pipeline runner below it.
 *
 * <p>Implementations record the run in the metadata store (started, then final), enforce the product's
 * {@code orchestration.timeout} themselves by cancelling the run (status {@link org.meshwork.api.store.RunStatus#TIMED_OUT},
 * nothing published), and refuse to start a second concurrent run of the same product, in this process or another.
 */
public interface ProductRunner {

    /**
     * Runs {@code product} now for {@code cause} and waits for the run to end.
     *
     * @return the final record of the run; its status is never {@link org.meshwork.api.store.RunStatus#RUNNING}
     * @throws RunInProgressException when a run of the product is already in progress; no run was started then
     * @throws org.meshwork.api.NoSuchProductException when the product is not applied
     * @throws org.meshwork.api.ForbiddenException when the run is not authorised for this cause; nothing was started
     */
    RunRecord run(ProductId product, RunCause cause);
}
