package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meshwork.api.InvalidArgumentException;

class CronScheduleTest {
    private static final CronSchedule QUARTER_HOUR = CronSchedule.parse("*/15 * * * *");

    private static Instant at(String time) {
        return Instant.parse("2026-11-24T" + time + "Z");
    }

    @Test
    void aFireTimeIsItsOwnLatestFireTime() {
        assertThat(QUARTER_HOUR.lastFireAtOrBefore(at("10:15:00"))).contains(at("10:15:00"));
        assertThat(QUARTER_HOUR.lastFireAtOrBefore(at("10:15:00.500"))).contains(at("10:15:00"));
    }

    @Test
    void betweenFireTimesTheLatestIsTheOneBefore() {
        assertThat(QUARTER_HOUR.lastFireAtOrBefore(at("10:14:59.999"))).contains(at("10:00:00"));
        assertThat(QUARTER_HOUR.lastFireAtOrBefore(at("10:29:00"))).contains(at("10:15:00"));
    }

    @Test
    void theNextFireTimeIsStrictlyAfter() {
        assertThat(QUARTER_HOUR.nextFireAfter(at("10:15:00"))).contains(at("10:30:00"));
        assertThat(QUARTER_HOUR.nextFireAfter(at("10:14:59"))).contains(at("10:15:00"));
    }

    @Test
    void isEvaluatedInUtcAcrossDays() {
        CronSchedule daily = CronSchedule.parse("0 5 * * *");

        assertThat(daily.lastFireAtOrBefore(at("04:59:00"))).contains(Instant.parse("2026-11-23T05:00:00Z"));
        assertThat(daily.nextFireAfter(at("05:00:00"))).contains(Instant.parse("2026-11-25T05:00:00Z"));
    }

    @Test
    void rejectsWhatIsNotAFiveFieldExpression() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * * *"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("'0 0 * * * *' is not a valid cron schedule");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void keepsItsTextAndComparesByIt() {
        assertThat(CronSchedule.parse("0 * * * *")).isEqualTo(CronSchedule.parse("0 * * * *"))
                .hasToString("0 * * * *")
                .isNotEqualTo(QUARTER_HOUR);
    }
}
