package org.meshwork.platform.sla;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Durations for people, at most two units: {@code 3 h 12 min}, {@code 45 s}, {@code 2 d 4 h}. */
public final class DurationWords {
    private DurationWords() {}

    public static String of(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(days + " d");
        }
        if (hours > 0) {
            parts.add(hours + " h");
        }
        if (minutes > 0) {
            parts.add(minutes + " min");
        }
        if (rest > 0 || parts.isEmpty()) {
            parts.add(rest + " s");
        }
        return String.join(" ", parts.subList(0, Math.min(2, parts.size())));
    }

    /** A percentage with up to three decimals and no trailing zeros: {@code 99.95%}, {@code 100%}. */
    public static String percent(double percent) {
        String text = String.format(Locale.ROOT, "%.3f", percent).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }
}
