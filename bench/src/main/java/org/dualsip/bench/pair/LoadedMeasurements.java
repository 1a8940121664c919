package org.dualsip.bench.pair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;

/**
 * Figures taken while SIPp loads the pair: the replication lag sampled from the active's status under
 * a steady call rate, and the passive's heap per mirrored call with many long calls established.
 */
final class LoadedMeasurements {

    static final int STATUS_PER_SESSION = 25;
    static final int MAX_SESSIONS = 12;
    static final int MIRROR_RATE = 400;

    private final SippRunner sipp;
    private final Path work;
    private final PairFigures figures;

    LoadedMeasurements(SippRunner sipp, Path work, PairFigures figures) {
        this.sipp = sipp;
        this.work = work;
        this.figures = figures;
    }

    /**
     * Short calls at {@code rate} for {@code load}; meanwhile console sessions of
     * {@value #STATUS_PER_SESSION} back-to-back {@code dualsip:status --json} each on the active.
     */
    void sampleLag(KarafNode active, int rate, Duration load) throws Exception {
        int calls = (int) Math.max(10, rate * load.toSeconds());
        SippRun run = SippRun.uac(PairBenchOptions.pairBase().sipTarget(), PairBenchOptions.SIPP_ADDRESS,
                PairBenchOptions.SIP_PORT, rate, calls, load.multipliedBy(2).plusSeconds(10), work.resolve("sipp-lag"));
        String[] commands = Collections.nCopies(STATUS_PER_SESSION, "dualsip:status --json").toArray(String[]::new);
        LagSamples samples = new LagSamples();
        try (SippRunner.Running running = sipp.start(run)) {
            Thread.sleep(1_000); // past SIPp's start, into the steady load
            for (int session = 0; session < MAX_SESSIONS && running.isAlive(); session++) {
                samples.add(active.console().run(Duration.ofSeconds(30), commands));
            }
            SippResult result = running.await();
            figures.lag(samples, new PairFigures.LagLoad(rate, result));
            System.out.println("replication lag under " + rate + " calls/s: " + samples + "; SIPp " + result);
        }
    }

    /**
     * Establishes {@code calls} long calls through the active and reads the passive's live heap
     * before and after (full GC first). The calls hang up by themselves (SIPp's pause) afterwards.
     */
    void mirrorHeap(NodePair pair, int calls) throws Exception {
        KarafNode passive = pair.passive().orElseThrow(() -> new IllegalStateException("no PASSIVE node"));
        long pid = passive.jvm().orElseThrow(() -> new IllegalStateException("passive JVM not running")).pid();
        // Calls left over from earlier phases (e.g. overload steps) would leave during the measurement.
        NodeStatusView idle = NodePair.awaitStatus(passive, s -> s.liveCalls() == 0, Duration.ofSeconds(40));
        if (idle.liveCalls() != 0) {
            figures.note("mirror heap: the passive still mirrored " + idle.liveCalls() + " calls before the baseline");
        }
        HeapGauge gauge = new HeapGauge(work.resolve("jcmd"));
        HeapGauge.Reading before = gauge.read(pid);
        long holdMillis = calls * 1000L / MIRROR_RATE + 25_000;
        SippRun run = SippRun.uac(PairBenchOptions.pairBase().sipTarget(), PairBenchOptions.SIPP_ADDRESS,
                PairBenchOptions.SIP_PORT, MIRROR_RATE, calls, Duration.ofMillis(holdMillis).plusSeconds(60),
                work.resolve("sipp-mirror")).withCallLimit(calls + 100).withExtraArgs("-d", Long.toString(holdMillis));
        try (SippRunner.Running running = sipp.start(run)) {
            NodeStatusView mirrored = NodePair.awaitStatus(passive, s -> s.liveCalls() >= calls, Duration.ofSeconds(60));
            if (mirrored.liveCalls() < calls) {
                throw new IllegalStateException("the passive mirrors " + mirrored.liveCalls() + " of " + calls
                        + " calls: " + mirrored);
            }
            HeapGauge.Reading after = gauge.read(pid);
            PairFigures.MirrorHeap heap = new PairFigures.MirrorHeap(calls, mirrored.liveCalls(), before, after);
            figures.heap(heap);
            System.out.printf(Locale.ROOT, "passive heap: %d -> %d bytes (heap_info), %d -> %d (histogram) for %d "
                    + "mirrored calls: %.0f / %.0f bytes per call%n", before.heapInfoBytes(), after.heapInfoBytes(),
                    before.histogramBytes(), after.histogramBytes(), mirrored.liveCalls(), heap.heapInfoBytesPerCall(),
                    heap.histogramBytesPerCall());
            SippResult result = running.await();
            if (!result.allSucceeded(calls)) {
                figures.note("mirror heap: the " + calls + " long calls ended " + result);
            }
        }
    }
}
