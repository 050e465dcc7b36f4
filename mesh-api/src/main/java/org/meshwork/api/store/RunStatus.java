package org.meshwork.api.store;

import java.util.Locale;

/** The state of a pipeline run. Only {@link #RUNNING} is not final. */
public enum RunStatus {
    RUNNING, SUCCEEDED, FAILED, FAILED_QUALITY, TIMED_OUT, CANCELLED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != RUNNING;
    }
}
