package org.meshwork.platform.pipeline;

/** What a running pipeline reports as it goes, e.g. to a progress bar. Called on the run's thread. */
public interface RunProgress {
    RunProgress NONE = new RunProgress() {};

    /** A new stage started: {@code load orders}, {@code transform and write}, {@code quarantine},
     * {@code quality checks}, {@code commit}. */
    default void stage(String stage) {}

    /** Rows read so far, across all sources. */
    default void rowsRead(long rows) {}
}
