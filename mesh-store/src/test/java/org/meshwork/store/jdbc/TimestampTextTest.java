package org.meshwork.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampTextTest {
    private static final List<Instant> INSTANTS = List.of(
            TimestampText.MIN,
            Instant.EPOCH,
            Instant.parse("2026-03-01T10:15:30Z"),
            Instant.parse("2026-03-01T10:15:30.000000001Z"),
            Instant.parse("2026-03-01T10:15:30.1Z"),
            Instant.parse("2026-03-01T10:15:30.123456789Z"),
            Instant.parse("2026-03-01T10:15:31Z"),
            TimestampText.MAX);

    @Test
    void writesFixedWidthUtcText() {
        assertThat(TimestampText.format(Instant.parse("2026-03-01T10:15:30.123Z"))).isEqualTo("2026-03-01T10:15:30.123000000Z");
        assertThat(INSTANTS).extracting(TimestampText::format).allMatch(text -> text.length() == 30);
    }

    @Test
    void roundTripsEveryInstantExactly() {
        assertThat(INSTANTS).allMatch(instant -> TimestampText.parse(TimestampText.format(instant)).equals(instant));
    }

    @Test
    void textOrderIsTimeOrder() {
        List<String> texts = INSTANTS.stream().map(TimestampText::format).toList();
        assertThat(texts).isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void rejectsYearsOutsideFourDigits() {
        assertThatThrownBy(() -> TimestampText.format(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimestampText.format(TimestampText.MIN.minusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
