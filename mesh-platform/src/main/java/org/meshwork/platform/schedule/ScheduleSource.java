package org.meshwork.platform.schedule;

import java.util.List;

/** What the {@link Scheduler} schedules. Read again on every cycle, so products applied meanwhile are picked up. */
public interface ScheduleSource {

    /** Every product the scheduler should know about, scheduled or not (an unscheduled one may still run on upstream success). */
    List<ScheduledProduct> products();
}
