package org.dualsip.bench.pair;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeStatusView;

/**
 * The service gaps a client sees, measured with an {@link OptionsPinger} on the pair's service
 * address: from {@code kill -9} of the active JVM to the first answer of the new active, and the
 * longest time without an answer around {@code dualsip:switchover}.
 */
final class GapMeasurements {

    static final Duration PROBE_INTERVAL = Duration.ofMillis(2);
    /** A pinger never runs longer than this (probes every 2 ms): bounds every measurement. */
    static final int MAX_PROBES = 30_000;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(120);
    static final String SWITCHOVER_DONE = "switchover done";

    private final NodePair pair;
    private final PairFigures figures;

    GapMeasurements(NodePair pair, PairFigures figures) {
        this.pair = pair;
        this.figures = figures;
    }

    private static OptionsPinger pinger() throws IOException {
        return new OptionsPinger(PairBenchOptions.PROBER_ADDRESS, PairBenchOptions.SIP_PORT,
                PairBenchOptions.SERVICE_ADDRESS, PairBenchOptions.SIP_PORT, PROBE_INTERVAL, MAX_PROBES).start();
    }

    /** The pinger must see the service answer before anything is measured. */
    private static void requireAnswering(OptionsPinger pinger) throws InterruptedException {
        if (pinger.awaitSuccessSentAfter(System.nanoTime(), Duration.ofSeconds(3)).isEmpty()) {
            throw new IllegalStateException("the service address " + PairBenchOptions.SERVICE_ADDRESS + ":"
                    + PairBenchOptions.SIP_PORT + " does not answer OPTIONS before the measurement");
        }
        Thread.sleep(200);
    }

    /**
     * Kills the active {@code repeats} times; between kills the killed node is started again and the
     * pair waits to be formed (IN_SYNC). After the last kill the survivor runs alone.
     */
    void takeovers(int repeats, BooleanSupplier timeLeft) throws Exception {
        for (int i = 0; i < repeats; i++) {
            if (!timeLeft.getAsBoolean()) {
                figures.note("takeover: only " + i + " of " + repeats + " measured: time budget");
                return;
            }
            KarafNode active = requireRole(true);
            try (OptionsPinger pinger = pinger()) {
                requireAnswering(pinger);
                ProcessHandle jvm = active.jvm().orElseThrow(() -> new IllegalStateException("no active JVM"));
                long killedAt = System.nanoTime();
                jvm.destroyForcibly(); // SIGKILL, as kill -9
                long signalled = System.nanoTime();
                // Once kill(2) has returned, no thread of the old JVM gets back to user space: a probe
                // sent after that can only be answered by the new active. (Waiting for the exit to be
                // noticed instead would add ProcessHandle's polling delay, ~300 ms, to the figure.)
                OptionalLong answered = pinger.awaitSuccessSentAfter(signalled, ANSWER_TIMEOUT);
                active.kill(); // waits until the JVM is gone
                if (answered.isEmpty()) {
                    throw new IllegalStateException("no answer on the service address within "
                            + ANSWER_TIMEOUT.toSeconds() + " s of the kill\n" + pair.other(active).logTail());
                }
                double gap = millis(answered.getAsLong() - killedAt);
                figures.takeover(gap);
                System.out.printf(Locale.ROOT, "takeover %d: kill -9 of %s -> first answer %.1f ms%n",
                        i + 1, active.home().getFileName(), gap);
            }
            if (i + 1 < repeats) {
                active.relaunch();
                pair.awaitFormed(REJOIN_TIMEOUT);
            }
        }
    }

    /** One console command that changes nothing, under the same pinger: the floor of the switchover gap. */
    void switchoverControl() throws Exception {
        KarafNode active = requireRole(true);
        try (OptionsPinger pinger = pinger()) {
            requireAnswering(pinger);
            long from = System.nanoTime();
            active.console().run("dualsip:status --json");
            long to = System.nanoTime();
            Thread.sleep(300);
            OptionalLong silence = ProbeTimeline.longestSilence(pinger.answers(), from, to);
            figures.switchoverControl(silence.isPresent() ? millis(silence.getAsLong()) : -1);
        }
    }

    /** Switches over {@code repeats} times (back and forth), each after the pair is IN_SYNC again. */
    void switchovers(int repeats, BooleanSupplier timeLeft) throws Exception {
        KarafNode from = requireRole(true);
        for (int i = 0; i < repeats; i++) {
            if (!timeLeft.getAsBoolean()) {
                figures.note("switchover: only " + i + " of " + repeats + " measured: time budget");
                return;
            }
            KarafNode to = pair.other(from);
            switchover(i + 1, from, to);
            NodeStatusView back = NodePair.awaitStatus(from, s -> s.isPassive() && s.inSync(), REJOIN_TIMEOUT);
            if (!(back.isPassive() && back.inSync())) {
                throw new IllegalStateException("after the switchover " + from.home().getFileName()
                        + " is not PASSIVE and IN_SYNC: " + back);
            }
            from = to;
        }
    }

    private void switchover(int number, KarafNode from, KarafNode to) throws Exception {
        try (OptionsPinger pinger = pinger()) {
            requireAnswering(pinger);
            long start = System.nanoTime();
            String output = from.console().run("dualsip:switchover");
            long commandDone = System.nanoTime();
            if (!output.contains(SWITCHOVER_DONE)) {
                throw new IllegalStateException("dualsip:switchover on " + from.home().getFileName() + ": " + output);
            }
            NodeStatusView taken = NodePair.awaitStatus(to, NodeStatusView::isActive, Duration.ofSeconds(10));
            if (!taken.isActive()) {
                throw new IllegalStateException(to.home().getFileName() + " did not become ACTIVE: " + taken);
            }
            // The window ends with the first answer to a probe sent once the new active said ACTIVE;
            // the answers after it (300 ms more) close the last silence.
            OptionalLong served = pinger.awaitSuccessSentAfter(System.nanoTime(), ANSWER_TIMEOUT);
            if (served.isEmpty()) {
                throw new IllegalStateException("no answer from the new active " + to.home().getFileName());
            }
            Thread.sleep(300);
            long end = served.getAsLong();
            List<ProbeAnswer> answers = pinger.answers();
            OptionalLong silence = ProbeTimeline.longestSilence(answers, start, end);
            if (silence.isEmpty()) {
                throw new IllegalStateException("no answer after switchover " + number);
            }
            double gap = millis(silence.getAsLong());
            figures.switchover(gap, ProbeTimeline.nonSuccessAnswers(answers, start, end));
            System.out.printf(Locale.ROOT, "switchover %d: %s -> %s, longest time without an answer %.1f ms "
                    + "(console command %.0f ms)%n", number, from.home().getFileName(), to.home().getFileName(), gap,
                    millis(commandDone - start));
        }
    }

    private KarafNode requireRole(boolean active) throws IOException, InterruptedException {
        return (active ? pair.active() : pair.passive()).orElseThrow(() -> new IllegalStateException(
                "no " + (active ? "ACTIVE" : "PASSIVE") + " node in the pair"));
    }

    static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
