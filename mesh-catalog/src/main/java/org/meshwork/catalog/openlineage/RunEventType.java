package org.meshwork.catalog.openlineage;

/** The run state transitions Meshwork reports: one START and one COMPLETE or FAIL per run. */
public enum RunEventType {
    START, COMPLETE, FAIL
}
