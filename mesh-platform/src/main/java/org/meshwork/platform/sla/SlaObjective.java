package org.meshwork.platform.sla;

import org.meshwork.api.EnumLabels;

/** One objective of a product's SLA (the guide's {@code sla} keys). */
public enum SlaObjective {
    FRESHNESS, AVAILABILITY, ACCURACY;

    public String label() {
        return EnumLabels.label(this);
    }
}
