package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/**
 * A duration written the way people write it in descriptors: {@code 15min}, {@code 1h}, {@code 4 hours},
 * {@code 90 days}, {@code 30s}, {@code 2 weeks}. Keeps the original text for display.
 */
public record DurationSpec(String text, Duration duration) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*([a-zA-Z]+)\\s*");
    private static final Map<String, Duration> UNITS = Map.ofEntries(
            Map.entry("ms", Duration.ofMillis(1)),
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
            Map.entry("secs", Duration.ofSeconds(1)), Map.entry("second", Duration.ofSeconds(1)),
            Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("mins", Duration.ofMinutes(1)), Map.entry("minute", Duration.ofMinutes(1)),
            Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hr", Duration.ofHours(1)),
            Map.entry("hrs", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)),
            Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)), Map.entry("days", Duration.ofDays(1)),
            Map.entry("w", Duration.ofDays(7)), Map.entry("week", Duration.ofDays(7)), Map.entry("weeks", Duration.ofDays(7)));

    public DurationSpec {
        requireNonNull(text, "text is null");
        requireNonNull(duration, "duration is null");
    }

    public static DurationSpec parse(String text) {
        var matcher = text == null ? null : FORM.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidArgumentException("'" + text + "' is not a duration: expected a number and a unit, e.g. 15min, 4 hours, 90 days");
        }
        Duration unit = UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new InvalidArgumentException("'" + text + "' has an unknown time unit '" + matcher.group(2)
                    + "': use s, min, h, days or weeks");
        }
        return new DurationSpec(text, unit.multipliedBy(Long.parseLong(matcher.group(1))));
    }

    /** Whether {@code unit} (e.g. "hours") is a time unit this class understands. */
    public static boolean isTimeUnit(String unit) {
        return UNITS.containsKey(unit.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return text;
    }
}
