package org.dualsip.bench.pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replication lag read from {@code dualsip:status --json} output. The status only exposes the last
 * replication round trip ({@code replicationLagMs}), so these are samples of that value, not a
 * distribution of every round trip; their percentiles are what the pair benchmark reports.
 */
public final class LagSamples {

    private static final Pattern LAG = Pattern.compile("\"replicationLagMs\"\\s*:\\s*(null|-?[0-9.]+(?:[eE][-+]?[0-9]+)?)");
    private static final Pattern SYNC = Pattern.compile("\"sync\"\\s*:\\s*(null|\"(\\w+)\")");

    private final List<Double> millis = new ArrayList<>();
    private int withoutValue;
    private int notInSync;
    private final Map<String, Integer> syncStates = new TreeMap<>();

    /** Adds every status object found in one console output (several commands may share a session). */
    public LagSamples add(String consoleOutput) {
        Matcher lag = LAG.matcher(consoleOutput);
        while (lag.find()) {
            if ("null".equals(lag.group(1))) {
                withoutValue++;
            } else {
                millis.add(Double.parseDouble(lag.group(1)));
            }
        }
        Matcher sync = SYNC.matcher(consoleOutput);
        while (sync.find()) {
            String state = sync.group(2) == null ? "null" : sync.group(2);
            syncStates.merge(state, 1, Integer::sum);
            if (!"IN_SYNC".equals(state)) {
                notInSync++;
            }
        }
        return this;
    }

    public int count() {
        return millis.size();
    }

    /** Status samples without a lag (nothing replicated yet). */
    public int withoutValue() {
        return withoutValue;
    }

    /** Status samples whose sync state was not IN_SYNC (e.g. DEGRADED after a replication timeout). */
    public int notInSync() {
        return notInSync;
    }

    /** Nearest-rank percentile (0 < p <= 100) of the samples; empty without samples. */
    public OptionalDouble percentile(double p) {
        if (millis.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return OptionalDouble.of(sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1)));
    }

    /** How many samples saw each sync state, e.g. {IN_SYNC=250, DEGRADED=25}. */
    public Map<String, Integer> syncStates() {
        return Map.copyOf(new TreeMap<>(syncStates));
    }

    public OptionalDouble max() {
        return millis.stream().mapToDouble(Double::doubleValue).max();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d samples, p50 %s ms, p99 %s ms, max %s ms", count(),
                text(percentile(50)), text(percentile(99)), text(max()));
    }

    static String text(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "-";
    }
}
