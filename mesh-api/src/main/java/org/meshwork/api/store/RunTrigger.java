package org.meshwork.api.store;

import java.util.Locale;

/** What started a run: a person, the scheduler, or the successful run of an upstream product. */
public enum RunTrigger {
    MANUAL, SCHEDULE, UPSTREAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
