package org.meshwork.api.access;

/** Roles beyond team membership. */
public enum Role {
    /** Runs the platform: changes global policies and any domain, reads every product. */
    PLATFORM_ADMIN,
    /** Reads the audit log (and metadata), never the data itself. */
    AUDITOR
}
