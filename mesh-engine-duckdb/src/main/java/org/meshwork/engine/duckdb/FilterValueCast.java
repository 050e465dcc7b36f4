package org.meshwork.engine.duckdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a reader's filter value casts to a column's type, decided in Java for the common scalar types and their
 * plain text forms, the same way DuckDB's {@code TRY_CAST(text AS type)} decides (checked against DuckDB on a table of
 * inputs by {@code FilterValueCastIT}). Every filter value used to cost a DuckDB statement (prepare and execute) just
 * for this check, a measurable part of a selective read.
 *
 * <p>Only forms whose outcome is certain are decided: integers (optional sign, ASCII digits, range of the type),
 * {@code DECIMAL(p,s)} without exponent (integer digits, and the scale's rounding only where it cannot matter),
 * {@code DOUBLE}/{@code FLOAT} in decimal or exponent notation, the {@code BOOLEAN} words DuckDB accepts,
 * {@code VARCHAR}, and {@code DATE}/{@code TIMESTAMP} in ISO form ({@code YYYY-MM-DD[ |T]HH:MM:SS[.ffffff]}). Anything
 * else — DuckDB also takes {@code 1e3}, {@code 0x1F}, {@code 1_000} and {@code 1.5} for integers, {@code epoch},
 * {@code 2026/01/31} and {@code (BC)} for dates, {@code inf} for doubles, other types entirely — is
 * {@link Verdict#ASK_ENGINE}, and DuckDB answers as before.
 */
final class FilterValueCast {

    /** The answer: casts, does not cast, or only DuckDB can tell. */
    enum Verdict {
        CASTS,
        DOES_NOT_CAST,
        ASK_ENGINE
    }

    /** Integer types with their ranges. */
    private static final Map<String, BigInteger[]> INTEGER_RANGES = Map.ofEntries(
            range("TINYINT", -128, 127),
            range("SMALLINT", Short.MIN_VALUE, Short.MAX_VALUE),
            range("INTEGER", Integer.MIN_VALUE, Integer.MAX_VALUE),
            range("BIGINT", Long.MIN_VALUE, Long.MAX_VALUE),
            Map.entry("HUGEINT", new BigInteger[] {BigInteger.ONE.shiftLeft(127).negate(),
                    BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE)}),
            range("UTINYINT", 0, 255),
            range("USMALLINT", 0, 65_535),
            range("UINTEGER", 0, 4_294_967_295L),
            Map.entry("UBIGINT", new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)}),
            Map.entry("UHUGEINT", new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)}));
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "t", "f", "1", "0", "yes", "no", "y", "n");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL_TYPE = Pattern.compile("DECIMAL\\(\\s*(\\d{1,2})\\s*,\\s*(\\d{1,2})\\s*\\)");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?");
    private static final Pattern FLOATING = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?");
    private static final Pattern ISO_TIMESTAMP = Pattern.compile(
            "([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.[0-9]{1,6})?)?");

    private FilterValueCast() {}

    /** How {@code TRY_CAST(value AS type)} turns out; {@code type} as the session describes the column. */
    static Verdict of(String value, String type) {
        String name = type.trim().toUpperCase(Locale.ROOT);
        BigInteger[] range = INTEGER_RANGES.get(name);
        if (range != null) {
            return integer(trimSpace(value), range);
        }
        switch (name) {
            case "VARCHAR":
                return Verdict.CASTS;
            case "BOOLEAN":
                return BOOLEAN_WORDS.contains(value.toLowerCase(Locale.ROOT)) ? Verdict.CASTS : Verdict.ASK_ENGINE;
            case "DOUBLE":
            case "FLOAT":
                // out-of-range values become infinities and tiny ones zero: every such text casts
                return FLOATING.matcher(trimSpace(value)).matches() ? Verdict.CASTS : Verdict.ASK_ENGINE;
            case "DATE":
                return temporal(value, false);
            case "TIMESTAMP":
                return temporal(value, true);
            default:
                Matcher decimal = DECIMAL_TYPE.matcher(name);
                return decimal.matches()
                        ? decimal(trimSpace(value), Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)))
                        : Verdict.ASK_ENGINE;
        }
    }

    private static Verdict integer(String text, BigInteger[] range) {
        if (text.isEmpty()) {
            return Verdict.DOES_NOT_CAST;
        }
        if (!INTEGER.matcher(text).matches()) {
            return Verdict.ASK_ENGINE;
        }
        BigInteger number = new BigInteger(text);
        return number.compareTo(range[0]) >= 0 && number.compareTo(range[1]) <= 0 ? Verdict.CASTS : Verdict.DOES_NOT_CAST;
    }

    /**
     * A plain decimal: it fits when its integer digits fit {@code precision - scale}. More fraction digits than the
     * scale are rounded away, which can carry into a new integer digit ({@code 999.995} for {@code DECIMAL(5,2)}):
     * decided only when rounding either way gives the same answer.
     */
    private static Verdict decimal(String text, int precision, int scale) {
        if (text.isEmpty()) {
            return Verdict.DOES_NOT_CAST;
        }
        Matcher parts = PLAIN_DECIMAL.matcher(text);
        if (scale > precision || !parts.matches() || parts.group(2).isEmpty() && (parts.group(3) == null
                || parts.group(3).isEmpty())) {
            return Verdict.ASK_ENGINE;
        }
        String fraction = parts.group(3) == null ? "" : parts.group(3);
        BigDecimal magnitude = new BigDecimal((parts.group(2).isEmpty() ? "0" : parts.group(2))
                + (fraction.isEmpty() ? "" : "." + fraction));
        BigDecimal limit = BigDecimal.TEN.pow(precision - scale);
        boolean fitsTruncated = magnitude.setScale(scale, RoundingMode.DOWN).compareTo(limit) < 0;
        boolean fitsRoundedUp = magnitude.setScale(scale, RoundingMode.UP).compareTo(limit) < 0;
        if (fitsTruncated == fitsRoundedUp) {
            return fitsTruncated ? Verdict.CASTS : Verdict.DOES_NOT_CAST;
        }
        return Verdict.ASK_ENGINE;
    }

    /**
     * ISO dates and timestamps without surrounding space (DuckDB trims it for dates but not for timestamps). A date
     * reads a timestamp's text too (the time is dropped). A day the calendar does not have never casts; hours past
     * 23 ({@code 24:00:00} casts, to the next day) and years before 1 are left to DuckDB.
     */
    private static Verdict temporal(String text, boolean timestamp) {
        Matcher parts = ISO_TIMESTAMP.matcher(text);
        if (!parts.matches()) {
            return Verdict.ASK_ENGINE;
        }
        int year = Integer.parseInt(parts.group(1));
        int month = Integer.parseInt(parts.group(2));
        int day = Integer.parseInt(parts.group(3));
        if (year < 1) {
            return Verdict.ASK_ENGINE;
        }
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Verdict.DOES_NOT_CAST;
        }
        if (parts.group(4) == null) {
            return Verdict.CASTS;
        }
        int hour = Integer.parseInt(parts.group(4));
        int minute = Integer.parseInt(parts.group(5));
        int second = Integer.parseInt(parts.group(6));
        if (hour > 23) {
            return Verdict.ASK_ENGINE;
        }
        return minute <= 59 && second <= 59 ? Verdict.CASTS : Verdict.DOES_NOT_CAST;
    }

    /** DuckDB's space characters around a number: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static String trimSpace(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    private static Map.Entry<String, BigInteger[]> range(String type, long min, long max) {
        return Map.entry(type, new BigInteger[] {BigInteger.valueOf(min), BigInteger.valueOf(max)});
    }
}
