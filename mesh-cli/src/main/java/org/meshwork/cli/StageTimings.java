package org.meshwork.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meshwork.platform.pipeline.RunProgress;

/**
 * How long each stage of a run took, as the run reports its stages ({@link RunProgress#stage}): what
 * {@code mesh run --json} prints as {@code stages}, like dbt's per-node {@code timing}. A stage ends when the next one
 * starts, the last when the run returns ({@link #finish}). Passes every report on to the progress it wraps.
 */
final class StageTimings implements RunProgress {
    private final RunProgress next;
    private final Clock clock;
    private final List<String> names = new ArrayList<>();
    private final List<Instant> starts = new ArrayList<>();
    private Instant finished;

    StageTimings(RunProgress next, Clock clock) {
        this.next = next;
        this.clock = clock;
    }

    @Override
    public void stage(String stage) {
        names.add(stage);
        starts.add(clock.instant());
        next.stage(stage);
    }

    @Override
    public void rowsRead(long rows) {
        next.rowsRead(rows);
    }

    /** The run returned: the last stage ends now. */
    void finish() {
        finished = clock.instant();
    }

    /** Each stage with its start and its length in milliseconds, in the order the run went through them. */
    List<Map<String, Object>> view() {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Instant end = i + 1 < starts.size() ? starts.get(i + 1) : finished;
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", names.get(i));
            stage.put("started_at", starts.get(i).toString());
            stage.put("millis", end == null ? null : Duration.between(starts.get(i), end).toMillis());
            stages.add(stage);
        }
        return stages;
    }
}
