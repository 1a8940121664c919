package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsLikeAnOperatorWouldWriteIt() {
        assertEquals("1h 2m 3s", DurationText.of(Duration.ofSeconds(3723)));
        assertEquals("2m 0s", DurationText.of(Duration.ofMinutes(2)));
        assertEquals("59s", DurationText.of(Duration.ofSeconds(59)));
        assertEquals("1d 0h 0m 5s", DurationText.of(Duration.ofDays(1).plusSeconds(5)));
        assertEquals("1h 0m 0s", DurationText.of(Duration.ofHours(1).plusMillis(400)));
    }

    @Test
    void subSecondDurationsShowMilliseconds() {
        assertEquals("450ms", DurationText.of(Duration.ofMillis(450)));
        assertEquals("0ms", DurationText.of(Duration.ZERO));
    }

    @Test
    void negativeOrMissingDurationsStayReadable() {
        assertEquals("0ms", DurationText.of(Duration.ofSeconds(-3)));
        assertEquals("-", DurationText.of(null));
    }
}
