package org.meshwork.store.jdbc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the store writes times: ISO-8601 UTC text with exactly nine fraction digits, e.g.
 * {@code 2026-03-01T10:15:30.123000000Z}. Fixed width keeps text order equal to time order, so the database can sort
 * and compare times as plain text; nine digits keep every {@link Instant} exactly.
 */
final class TimestampText {
    static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private TimestampText() {}

    static String format(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("time " + instant + " is outside the years 0000-9999 the store can keep");
        }
        return FORMAT.format(instant);
    }

    static Instant parse(String text) {
        return Instant.parse(text);
    }
}
