package org.dualsip.bench.pair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippRunner;

/**
 * {@code run-bench.sh --pair}: in one run, the call rate of a standalone node and of the same node
 * with a passive attached, the takeover and switchover gaps, the sampled replication lag and the heap
 * per mirrored call on the passive. Every node and SIPp are stopped at the end, also on failure;
 * no phase starts that could not end within the total budget.
 */
public final class PairBench {

    /** Time kept for everything after the two rate searches (boot, lag, heap, switchovers, takeovers). */
    static final Duration RESERVE_AFTER_SEARCHES = Duration.ofSeconds(330);

    private interface Phase {
        void run() throws Exception;
    }

    private final PairBenchOptions options;
    private final SippRunner sipp;
    private final PairFigures figures = new PairFigures();
    private final long startedNanos = System.nanoTime();
    private final Instant started = Instant.now();

    PairBench(PairBenchOptions options, SippRunner sipp) {
        this.options = options;
        this.sipp = sipp;
    }

    /** Entry point from BenchMain when {@code --pair} is given; returns the exit code. */
    public static int main(String... args) throws Exception {
        PairBenchOptions options;
        try {
            options = PairBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return new PairBench(options, SippRunner.locate()).run();
    }

    int run() throws Exception {
        Files.createDirectories(options.workDir());
        Path distribution = options.distribution() != null ? options.distribution() : KarafNode.locateDistribution();
        System.out.println("dualsip pair bench: distribution " + distribution.toAbsolutePath() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores shared by SIPp, the nodes and the prober");
        RateComparison rates = new RateComparison(sipp, options);
        phase("standalone rate", Duration.ofSeconds(60), () -> measureStandalone(distribution, rates));
        Path pairWork = options.workDir().resolve("pair-bench");
        try (NodePair pair = NodePair.onLoopback(distribution, pairWork, PairBenchOptions.pairBase(),
                PairBenchOptions.SYNC_PORT)) {
            if (phase("pair start", Duration.ofSeconds(60), pair::start)) {
                runPairPhases(pair, rates);
            } else {
                figures.note("no pair: every pair figure skipped");
            }
        }
        List<String> report = new PairBenchReport(figures, options, started,
                Duration.ofNanos(System.nanoTime() - startedNanos)).lines();
        report.forEach(System.out::println);
        Path results = options.results().toAbsolutePath();
        Files.createDirectories(results.getParent());
        Files.write(results, report);
        System.out.println("results written to " + results);
        return figures.notes().isEmpty() ? 0 : 1;
    }

    private void runPairPhases(NodePair pair, RateComparison rates) {
        phase("pair rate", Duration.ofSeconds(60), () -> figures.pair(rates.measure("pair-active",
                PairBenchOptions.pairBase().sipTarget(), activeOf(pair), Optional.of(passiveOf(pair)),
                searchBudget(1))));
        LoadedMeasurements loaded = new LoadedMeasurements(sipp, options.workDir().resolve("pair-bench-load"), figures);
        int lagRate = Math.max(50, figures.pair().map(f -> f.rate() / 2).orElse(100));
        phase("replication lag", options.lagLoad().plusSeconds(20),
                () -> loaded.sampleLag(activeOf(pair), lagRate, options.lagLoad()));
        phase("mirror heap", Duration.ofSeconds(options.mirrorCalls() / LoadedMeasurements.MIRROR_RATE + 70),
                () -> loaded.mirrorHeap(pair, options.mirrorCalls()));
        GapMeasurements gaps = new GapMeasurements(pair, figures);
        phase("switchover control", Duration.ofSeconds(10), gaps::switchoverControl);
        phase("switchover", Duration.ofSeconds(20), () -> gaps.switchovers(options.repeats(),
                () -> timeLeft(Duration.ofSeconds(15))));
        phase("takeover", Duration.ofSeconds(20), () -> gaps.takeovers(options.repeats(),
                () -> timeLeft(Duration.ofSeconds(45))));
    }

    private KarafNode activeOf(NodePair pair) throws Exception {
        return pair.active().orElseThrow(() -> new IllegalStateException("no ACTIVE node in the pair"));
    }

    private KarafNode passiveOf(NodePair pair) throws Exception {
        return pair.passive().orElseThrow(() -> new IllegalStateException("no PASSIVE node in the pair"));
    }

    private void measureStandalone(Path distribution, RateComparison rates) throws Exception {
        NodeSettings settings = PairBenchOptions.standalone();
        try (KarafNode node = new KarafNode(distribution, options.workDir().resolve("pair-bench-standalone"),
                settings)) {
            node.start();
            figures.standalone(rates.measure("standalone", settings.sipTarget(), node, Optional.empty(),
                    searchBudget(2)));
        }
    }

    /** The search budget: the configured one, or less so that the rest of the run still fits. */
    private Duration searchBudget(int searchesLeft) {
        Duration left = remaining().minus(RESERVE_AFTER_SEARCHES).minusSeconds(searchesLeft == 2 ? 60 : 0);
        Duration share = left.dividedBy(searchesLeft);
        Duration floor = Duration.ofSeconds(30);
        Duration budget = share.compareTo(options.budgetPerTarget()) < 0 ? share : options.budgetPerTarget();
        return budget.compareTo(floor) < 0 ? floor : budget;
    }

    private Duration remaining() {
        return options.totalBudget().minusNanos(System.nanoTime() - startedNanos);
    }

    private boolean timeLeft(Duration needed) {
        return remaining().compareTo(needed) >= 0;
    }

    /** Runs a phase unless it cannot fit; a failure becomes a note and the run goes on. True when it ran through. */
    private boolean phase(String name, Duration needs, Phase phase) {
        if (!timeLeft(needs)) {
            figures.note(name + ": skipped, " + remaining().toSeconds() + " s left of the time budget");
            return false;
        }
        System.out.println("--- " + name);
        try {
            phase.run();
            return true;
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            System.err.println(name + " failed: " + message);
            figures.note(name + ": failed: " + message.lines().findFirst().orElse(""));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
