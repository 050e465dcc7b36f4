package org.meshwork.api.alert;

import org.meshwork.api.EnumLabels;

/** What an {@link Alert} is about. Its {@link #label()} ({@code quality_failed}) is what payloads carry. */
public enum AlertKind {
    /** A run ended {@code failed}: an error in a source, the transform, the contract or the platform. */
    RUN_FAILED,
    /** A run exceeded its {@code orchestration.timeout} and was cancelled. */
    RUN_TIMED_OUT,
    /** Required ({@code error}) quality checks failed: the run ended {@code failed_quality} and published nothing. */
    QUALITY_FAILED,
    /** A product broke one of its SLA objectives. */
    SLA_BREACHED,
    /** A product that was in breach of its SLA meets it again. */
    SLA_RECOVERED,
    /** A consumer asked for access to a product; its owners decide ({@code mesh access pending}). */
    ACCESS_REQUESTED,
    /** An access request was approved or denied (by the owners or an auto-approval rule); its requester hears of it. */
    ACCESS_DECIDED;

    public String label() {
        return EnumLabels.label(this);
    }
}
