package org.dualsip.bench.pair;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The pair benchmark's results as {@code key=value} lines with comments, for the console and the file. */
final class PairBenchReport {

    private final PairFigures figures;
    private final PairBenchOptions options;
    private final Instant started;
    private final Duration took;
    private final List<String> lines = new ArrayList<>();

    PairBenchReport(PairFigures figures, PairBenchOptions options, Instant started, Duration took) {
        this.figures = figures;
        this.options = options;
        this.started = started;
        this.took = took;
    }

    List<String> lines() {
        int cores = Runtime.getRuntime().availableProcessors();
        lines.add("# dualsip pair bench, started " + started + ", took " + took.toSeconds() + " s");
        lines.add("# " + cores + " CPU cores shared by SIPp, both nodes and the OPTIONS prober (all on loopback)");
        lines.add("# options: step " + options.stepTime().toSeconds() + " s, search budget " + options.budgetPerTarget()
                .toSeconds() + " s per target, " + options.repeats() + " takeovers and switchovers, "
                + options.mirrorCalls() + " mirrored calls, total budget " + options.totalBudget().toSeconds() + " s");
        lines.add("mode=pair");
        lines.add("cores=" + cores);
        rates();
        gaps();
        lag();
        heap();
        lines.add("# notes (phases that failed or were skipped): " + (figures.notes().isEmpty() ? "none" : ""));
        figures.notes().forEach(n -> lines.add("#   " + n));
        lines.add("# rate search steps:");
        figures.standalone().ifPresent(f -> f.search().steps().forEach(s -> lines.add("#   " + s.detail())));
        figures.pair().ifPresent(f -> f.search().steps().forEach(s -> lines.add("#   " + s.detail())));
        return lines;
    }

    private void rates() {
        lines.add("# highest rate with < 0.1 % failed calls (SIPp uac over UDP): the same node standalone and as the");
        lines.add("# active of a pair whose passive mirrors every call (sync on 127.0.0.1); target ratio >= 0.85");
        figures.standalone().ifPresent(f -> lines.add("standalone.rate=" + f.rate() + f.qualifier()));
        figures.pair().ifPresent(f -> lines.add("pair.rate=" + f.rate() + f.qualifier()));
        if (figures.standalone().isPresent() && figures.pair().isPresent() && figures.standalone().get().rate() > 0) {
            lines.add(format("pair.ratio=%.2f", (double) figures.pair().get().rate() / figures.standalone().get().rate()));
        }
        figures.standalone().flatMap(RateFigure::cpuMicrosPerCall)
                .ifPresent(us -> lines.add(format("standalone.cpu.us.per.call=%.0f", us)));
        figures.pair().flatMap(RateFigure::cpuMicrosPerCall)
                .ifPresent(us -> lines.add(format("pair.active.cpu.us.per.call=%.0f", us)));
        figures.pair().flatMap(RateFigure::passiveCpuMicrosPerCall)
                .ifPresent(us -> lines.add(format("pair.passive.cpu.us.per.call=%.0f  # the passive shares the same "
                        + "cores as the active and SIPp here", us)));
    }

    private void gaps() {
        lines.add("# OPTIONS over UDP every " + GapMeasurements.PROBE_INTERVAL.toMillis()
                + " ms to the service address; takeover: kill -9 of the active JVM -> first 2xx answer to a probe");
        lines.add("# sent after the JVM was gone (target <= 200 ms); switchover: longest time without a 2xx answer");
        lines.add("# from dualsip:switchover (console) until the new active answers (target <= 50 ms)");
        List<Double> takeovers = figures.takeoverMillis();
        if (!takeovers.isEmpty()) {
            lines.add("takeover.gap.ms=" + join(takeovers));
            lines.add(format("takeover.gap.ms.median=%.1f", PairFigures.median(takeovers)));
        }
        List<Double> switchovers = figures.switchoverMillis();
        if (!switchovers.isEmpty()) {
            lines.add("switchover.gap.ms=" + join(switchovers));
            lines.add(format("switchover.gap.ms.median=%.1f", PairFigures.median(switchovers)));
            lines.add("switchover.non2xx.answers=" + figures.switchoverNonSuccess());
        }
        if (figures.switchoverControlMillis() >= 0) {
            lines.add(format("switchover.control.gap.ms=%.1f  # same prober around a console command that changes "
                    + "nothing (dualsip:status): the measurement's floor", figures.switchoverControlMillis()));
        }
    }

    private void lag() {
        figures.lag().ifPresent(samples -> {
            PairFigures.LagLoad load = figures.lagLoad().orElseThrow();
            lines.add("# replication lag: SAMPLED LAST-ROUND-TRIP values. dualsip:status --json only exposes the last");
            lines.add("# replication round trip (replicationLagMs); it was read " + samples.count()
                    + " times on the active under " + load.rate() + " calls/s, and these are percentiles of those");
            lines.add("# samples, not of every round trip. SIPp during the sampling: " + load.sipp());
            lines.add("replication.lag.samples=" + samples.count());
            lines.add("replication.lag.ms.p50=" + LagSamples.text(samples.percentile(50)));
            lines.add("replication.lag.ms.p99=" + LagSamples.text(samples.percentile(99)));
            lines.add("replication.lag.ms.max=" + LagSamples.text(samples.max()));
            lines.add("replication.lag.samples.not.in.sync=" + samples.notInSync() + "  # sync states seen: "
                    + new java.util.TreeMap<>(samples.syncStates()));
        });
    }

    private void heap() {
        figures.heap().ifPresent(heap -> {
            lines.add("# heap per mirrored call on the passive: " + heap.calls() + " long calls established (passive "
                    + "mirrors " + heap.mirrored() + "); jcmd GC.run + GC.heap_info, and");
            lines.add("# GC.class_histogram (live objects), before and after: (after - before) / calls; target <= 4096");
            lines.add("mirror.calls=" + heap.calls());
            lines.add(format("mirror.heap.bytes.per.call=%.0f  # GC.heap_info used: %d -> %d", heap.heapInfoBytesPerCall(),
                    heap.before().heapInfoBytes(), heap.after().heapInfoBytes()));
            lines.add(format("mirror.histogram.bytes.per.call=%.0f  # class histogram total: %d -> %d",
                    heap.histogramBytesPerCall(), heap.before().histogramBytes(), heap.after().histogramBytes()));
        });
    }

    private static String join(List<Double> values) {
        return values.stream().map(v -> format("%.1f", v)).collect(Collectors.joining(","));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
