package org.dualsip.shell;

import java.time.Duration;

/** Durations as operators read them: {@code 1h 2m 3s}, {@code 2d 0h 5m 0s}, {@code 450ms}. */
public final class DurationText {

    private DurationText() {
    }

    public static String of(Duration duration) {
        if (duration == null) {
            return "-";
        }
        Duration d = duration.isNegative() ? Duration.ZERO : duration;
        if (d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        long days = d.toDays();
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (days > 0 || d.toHoursPart() > 0) {
            text.append(d.toHoursPart()).append("h ");
        }
        if (text.length() > 0 || d.toMinutesPart() > 0) {
            text.append(d.toMinutesPart()).append("m ");
        }
        return text.append(d.toSecondsPart()).append('s').toString();
    }
}
