package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.meshwork.api.InvalidArgumentException;

/**
 * The pass condition of a quality check: a comparison, a number and an optional unit — {@code > 1000},
 * {@code < 1%}, {@code < 24 hours}, {@code >= 0.99}, {@code == 0}. A measured value passes when
 * {@code value <op> number} holds (durations compare in seconds, percentages as 0–100).
 */
public record Threshold(String text, Comparison comparison, double number, Unit unit, Optional<Duration> duration) {
    private static final Pattern FORM = Pattern.compile(
            "\\s*(>=|<=|==|!=|>|<|=)\\s*(-?\\d{1,15}(?:\\.\\d{1,9})?)\\s*(%|[a-zA-Z]+)?\\s*");

    public enum Comparison {
        GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<="), EQUAL("=="), NOT_EQUAL("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(double measured, double bound) {
            return switch (this) {
                case GREATER -> measured > bound;
                case GREATER_OR_EQUAL -> measured >= bound;
                case LESS -> measured < bound;
                case LESS_OR_EQUAL -> measured <= bound;
                case EQUAL -> measured == bound;
                case NOT_EQUAL -> measured != bound;
            };
        }

        static Comparison of(String symbol) {
            if (symbol.equals("=")) {
                return EQUAL;
            }
            for (Comparison value : values()) {
                if (value.symbol.equals(symbol)) {
                    return value;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** What the number counts: a plain number, a percentage (0–100), or a time span. */
    public enum Unit { NONE, PERCENT, DURATION }

    public Threshold {
        requireNonNull(text, "text is null");
        requireNonNull(comparison, "comparison is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(duration, "duration is null");
        InvalidArgumentException.check(unit != Unit.DURATION || duration.isPresent(), "a duration threshold needs its duration");
    }

    public static Threshold parse(String text) {
        var matcher = text == null ? null : FORM.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidArgumentException("'" + text
                    + "' is not a threshold: expected a comparison and a number, e.g. \"> 1000\", \"< 1%\", \"< 24 hours\"");
        }
        Comparison comparison = Comparison.of(matcher.group(1));
        double number = Double.parseDouble(matcher.group(2));
        String unitText = matcher.group(3);
        if (unitText == null) {
            return new Threshold(text, comparison, number, Unit.NONE, Optional.empty());
        }
        if (unitText.equals("%")) {
            InvalidArgumentException.check(number >= 0 && number <= 100, "'%s': a percentage must be between 0%% and 100%%", text);
            return new Threshold(text, comparison, number, Unit.PERCENT, Optional.empty());
        }
        if (!DurationSpec.isTimeUnit(unitText) || number != Math.rint(number)) {
            throw new InvalidArgumentException("'" + text + "' has an unknown unit '" + unitText
                    + "': use %, or a time unit such as min, hours, days");
        }
        Duration duration = DurationSpec.parse((long) number + " " + unitText).duration();
        return new Threshold(text, comparison, number, Unit.DURATION, Optional.of(duration));
    }

    /** Whether a measured value passes; for {@link Unit#DURATION} the value is in seconds. */
    public boolean passes(double measured) {
        double bound = unit == Unit.DURATION ? duration.orElseThrow().toSeconds() : number;
        return comparison.test(measured, bound);
    }

    @Override
    public String toString() {
        return text.strip();
    }
}
