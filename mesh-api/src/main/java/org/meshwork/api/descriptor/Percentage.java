package org.meshwork.api.descriptor;

import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/** A percentage such as {@code 99.95%}, kept as the number before the sign (0 to 100). */
public record Percentage(double percent) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,3}(?:\\.\\d{1,6})?)\\s*%\\s*");

    public Percentage {
        InvalidArgumentException.check(percent >= 0 && percent <= 100, "percentage %s is not between 0%% and 100%%", percent);
    }

    public static Percentage parse(String text) {
        var matcher = text == null ? null : FORM.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidArgumentException("'" + text + "' is not a percentage: expected e.g. 99.95%");
        }
        return new Percentage(Double.parseDouble(matcher.group(1)));
    }

    /** The fraction between 0 and 1. */
    public double fraction() {
        return percent / 100.0;
    }

    @Override
    public String toString() {
        String text = Double.toString(percent);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
    }
}
