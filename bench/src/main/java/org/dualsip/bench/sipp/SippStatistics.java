package org.dualsip.bench.sipp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the call counters from SIPp's {@code -trace_stat} CSV: a header line of ';'-separated
 * column names, then one line per dump; the last line holds the final cumulative counters.
 */
public final class SippStatistics {

    static final String SUCCESSFUL = "SuccessfulCall(C)";
    static final String FAILED = "FailedCall(C)";

    /** Cumulative successful and failed calls. */
    public record Counts(long successful, long failed) { }

    private SippStatistics() {
    }

    public static Optional<Counts> read(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return Optional.empty();
        }
        return parse(Files.readAllLines(csv));
    }

    static Optional<Counts> parse(List<String> lines) {
        List<String> rows = lines.stream().filter(l -> !l.isBlank()).toList();
        if (rows.size() < 2) {
            return Optional.empty();
        }
        List<String> header = Arrays.asList(rows.get(0).split(";", -1));
        String[] last = rows.get(rows.size() - 1).split(";", -1);
        int successful = header.indexOf(SUCCESSFUL);
        int failed = header.indexOf(FAILED);
        if (successful < 0 || failed < 0 || last.length <= Math.max(successful, failed)) {
            return Optional.empty();
        }
        return Optional.of(new Counts(Long.parseLong(last[successful].trim()), Long.parseLong(last[failed].trim())));
    }
}
