package org.meshwork.platform.schedule;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.meshwork.api.InvalidArgumentException;

/**
 * A five-field UNIX cron expression ({@code minute hour day-of-month month day-of-week}), evaluated in UTC. Fire
 * times fall on whole minutes.
 */
public final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String text;
    private final ExecutionTime executionTime;

    private CronSchedule(String text, ExecutionTime executionTime) {
        this.text = text;
        this.executionTime = executionTime;
    }

    /**
     * Parses a five-field cron expression, e.g. {@code 0 *}{@code /6 * * *}.
     *
     * @throws InvalidArgumentException when {@code text} is not a valid five-field expression
     */
    public static CronSchedule parse(String text) {
        requireNonNull(text, "text is null");
        try {
            return new CronSchedule(text, ExecutionTime.forCron(PARSER.parse(text.trim()).validate()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("'" + text + "' is not a valid cron schedule (minute hour day-of-month month "
                    + "day-of-week): " + e.getMessage());
        }
    }

    /** The latest fire time at or before {@code instant}; empty when the expression never fired before it. */
    public Optional<Instant> lastFireAtOrBefore(Instant instant) {
        ZonedDateTime minute = instant.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        if (executionTime.isMatch(minute)) {
            return Optional.of(minute.toInstant());
        }
        return executionTime.lastExecution(minute).map(ZonedDateTime::toInstant);
    }

    /** The first fire time strictly after {@code instant}; empty when the expression never fires again. */
    public Optional<Instant> nextFireAfter(Instant instant) {
        return executionTime.nextExecution(instant.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
