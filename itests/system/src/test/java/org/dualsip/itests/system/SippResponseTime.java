package org.dualsip.itests.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cumulative average of SIPp's response time 1 (INVITE sent to the 200 received, the built-in uac
 * scenario's rtd) from its statistics file ({@code -trace_stat}), in milliseconds.
 */
final class SippResponseTime {

    private SippResponseTime() {
    }

    static double averageMillis(Path statistics) throws IOException {
        List<String> lines = Files.readAllLines(statistics, StandardCharsets.ISO_8859_1);
        if (lines.size() < 2) {
            throw new IllegalStateException("no statistics in " + statistics);
        }
        String[] header = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < header.length && i < last.length; i++) {
            if ("ResponseTime1(C)".equals(header[i].trim())) {
                return parse(last[i].trim());
            }
        }
        throw new IllegalStateException("no ResponseTime1(C) column in " + statistics);
    }

    /** SIPp writes durations as hh:mm:ss:microseconds. */
    static double parse(String value) {
        String[] parts = value.split(":");
        if (parts.length != 4) {
            throw new IllegalArgumentException("unexpected SIPp duration '" + value + "'");
        }
        double seconds = Integer.parseInt(parts[0]) * 3600.0 + Integer.parseInt(parts[1]) * 60.0
                + Integer.parseInt(parts[2]);
        return seconds * 1000.0 + Long.parseLong(parts[3]) / 1000.0;
    }
}
