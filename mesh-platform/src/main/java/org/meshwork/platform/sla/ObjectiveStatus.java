package org.meshwork.platform.sla;

import org.meshwork.api.EnumLabels;

/**
 * Whether an objective is met now. {@link #NOT_MEASURED}: nothing to measure it on (e.g. accuracy without any check
 * result in the window); it neither breaches nor recovers.
 */
public enum ObjectiveStatus {
    MET, BREACHED, NOT_MEASURED;

    public String label() {
        return EnumLabels.label(this);
    }
}
