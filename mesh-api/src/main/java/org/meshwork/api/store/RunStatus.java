package org.meshwork.api.store;

import org.meshwork.api.EnumLabels;

/** The state of a pipeline run. Only {@link #RUNNING} is not final. */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, FAILED_QUALITY, TIMED_OUT, CANCELLED;

    public String label() {
        return EnumLabels.label(this);
    }

    public boolean isFinal() {
        return this != RUNNING;
    }
}
