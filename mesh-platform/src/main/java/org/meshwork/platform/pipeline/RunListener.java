package org.meshwork.platform.pipeline;

import java.util.List;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.RunRecord;
import org.meshwork.platform.product.ProductDefinition;

/**
 * Told of every run's start (after it is recorded, before anything is loaded) and end, on the run's thread, after the
 * end is recorded. Implementations must return quickly and
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

    /**
     * @param run the run record as started
     * @param definition the product definition the run runs
     */
    default void onRunStarted(RunRecord run, ProductDefinition definition) {}

    /** Tells every listener, in order; one that throws does not keep the others from being told. */
    static RunListener all(List<RunListener> listeners) {
        List<RunListener> copy = List.copyOf(listeners);
        return new RunListener() {
            @Override
            public void onRunFinished(RunRecord run, ProductDefinition definition, List<CheckResult> checks) {
                RuntimeException first = null;
                for (RunListener listener : copy) {
                    try {
                        listener.onRunFinished(run, definition, checks);
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
                if (first != null) {
                    throw first;
                }
            }

            @Override
            public void onRunStarted(RunRecord run, ProductDefinition definition) {
                RuntimeException first = null;
                for (RunListener listener : copy) {
                    try {
                        listener.onRunStarted(run, definition);
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
                if (first != null) {
                    throw first;
                }
            }
        };
    }
}
