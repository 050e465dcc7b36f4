package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.meshwork.platform.pipeline.RunProgress;
import org.meshwork.testing.time.MutableClock;
import org.junit.jupiter.api.Test;

class StageTimingsTest {

    @Test
    void eachStageLastsUntilTheNextStartsAndTheLastUntilTheRunReturns() {
        MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
        List<String> passedOn = new ArrayList<>();
        StageTimings timings = new StageTimings(new RunProgress() {
            @Override
            public void stage(String stage) {
                passedOn.add(stage);
            }
        }, clock);

        timings.stage("load orders");
        clock.advance(Duration.ofMillis(3261));
        timings.stage("transform and write");
        clock.advance(Duration.ofMillis(2135));
        timings.stage("commit");
        clock.advance(Duration.ofMillis(130));
        timings.finish();

        assertThat(passedOn).containsExactly("load orders", "transform and write", "commit");
        assertThat(timings.view()).extracting(stage -> stage.get("stage") + "=" + stage.get("millis"))
                .containsExactly("load orders=3261", "transform and write=2135", "commit=130");
        assertThat(timings.view().get(1).get("started_at")).isEqualTo("2026-12-06T10:00:03.261Z");
    }

    @Test
    void aStageStillGoingHasNoLengthYet() {
        MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
        StageTimings timings = new StageTimings(RunProgress.NONE, clock);
        timings.stage("load orders");
        assertThat(timings.view()).singleElement().satisfies(stage -> assertThat(stage.get("millis")).isNull());
    }
}
