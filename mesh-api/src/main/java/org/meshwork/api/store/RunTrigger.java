package org.meshwork.api.store;

import org.meshwork.api.EnumLabels;

/** What started a run: a person, the scheduler, or the successful run of an upstream product. */
public enum RunTrigger {
    MANUAL, SCHEDULE, UPSTREAM;

    public String label() {
        return EnumLabels.label(this);
    }
}
