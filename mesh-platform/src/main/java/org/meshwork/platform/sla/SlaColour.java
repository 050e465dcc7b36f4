package org.meshwork.platform.sla;

import org.meshwork.api.EnumLabels;

/**
 * A product's overall SLA status: {@link #RED} when any objective is breached, {@link #AMBER} when none is but one has
 * used at least the amber share of its budget (see {@link SlaEvaluator}), {@link #GREEN} otherwise, and
 * {@link #NO_SLA} when the product declares no SLA.
 */
public enum SlaColour {
    GREEN, AMBER, RED, NO_SLA;

    public String label() {
        return EnumLabels.label(this);
    }
}
