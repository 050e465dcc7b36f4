package org.meshwork.platform.pipeline;

import java.util.List;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.RunRecord;
import org.meshwork.platform.product.ProductDefinition;

/**
 * Told of every run's end, on the run's thread, after the end is recorded. Implementations must return quickly and
 * should not throw (what they throw is logged and ignored): hand slow work such as network calls to other threads.
 */
@FunctionalInterface
public interface RunListener {
    RunListener NONE = (run, definition, checks) -> {};

    /**
     * @param run the final run record
     * @param definition the product definition the run ran
     * @param checks the run's quality check results, when it ended {@code failed_quality}; empty otherwise
     */
    void onRunFinished(RunRecord run, ProductDefinition definition, List<CheckResult> checks);
}
