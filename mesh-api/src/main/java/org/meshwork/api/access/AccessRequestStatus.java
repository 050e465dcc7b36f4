package org.meshwork.api.access;

import java.util.Locale;

/** Where an access request stands. Only a {@link #PENDING} request can be decided, once. */
public enum AccessRequestStatus {
    PENDING, APPROVED, DENIED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
