package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.node.OptionsProbe;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A pair on loopback loses its active JVM to {@code kill -9} while SIPp holds long calls through the
 * service address: the passive takes over and answers every BYE (0 failed calls); the gap from the
 * kill to the first OPTIONS answered by the new active is measured. Then the killed node comes back:
 * it joins PASSIVE, mirrors the calls under way (IN_SYNC) and never takes the address back. Last,
 * the active is killed again while SIPp places calls at 50 calls/s: every failed call is counted.
 *
 * <p>Each test continues from the state the previous one leaves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairFailoverIT {

    private static final NodeSettings BASE = NodeSettings.of(8501, 1501, 44801, "127.0.0.60", 45060);
    private static final int SYNC_PORT = 47900;
    private static final String SIPP_ADDRESS = "127.0.0.61";
    private static final int SIPP_PORT = 45061;
    private static final int FAILOVER_CALLS = 200;
    private static final int LOAD_RATE = 50;
    private static final int LOAD_CALLS = 400;
    private static final int REJOIN_CALLS = 20;

    private static SippRunner sipp;
    private static NodePair pair;
    private static KarafNode killed;
    private static KarafNode survivor;
    private static boolean rejoined;

    @BeforeAll
    static void startPair() throws Exception {
        sipp = SystemTestSetup.sipp();
        pair = NodePair.onLoopback(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("pair-failover"),
                BASE, SYNC_PORT);
        pair.start();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static SippRun longCalls(int calls, int holdMillis, String label) {
        return SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, 20, calls, Duration.ofSeconds(120),
                SystemTestSetup.work().resolve("sipp-" + label))
                .withExtraArgs("-d", Integer.toString(holdMillis));
    }

    @Test
    @Order(1)
    void killingTheActiveLosesNoCall() throws Exception {
        KarafNode active = pair.active().orElseThrow(() -> new AssertionError("no ACTIVE node in the pair"));
        KarafNode passive = pair.other(active);
        try (SippRunner.Running calls = sipp.start(longCalls(FAILOVER_CALLS, 20_000, "failover"))) {
            NodeStatusView before = NodePair.awaitStatus(active, s -> s.confirmed() >= FAILOVER_CALLS,
                    Duration.ofSeconds(30));
            assertEquals(FAILOVER_CALLS, before.confirmed(), () -> "calls CONFIRMED on the active before the kill: "
                    + before + "\n" + before.output());
            NodeStatusView mirror = passive.console().status();
            System.out.println("[PairFailoverIT] before the kill: active " + before + "; passive " + mirror);

            long gapMillis = killAndTimeFirstAnswer(active);
            killed = active;
            survivor = passive;
            System.out.println("[PairFailoverIT] failover gap (kill -9 -> first OPTIONS answered by the new active): "
                    + (gapMillis < 0 ? "none within 15 s" : gapMillis + " ms"));
            assertTrue(gapMillis >= 0, () -> "no OPTIONS answer on " + BASE.sipTarget() + " within 15 s of the kill\n"
                    + passive.logTail());

            NodeStatusView after = NodePair.awaitStatus(passive, NodeStatusView::isActive, Duration.ofSeconds(10));
            assertTrue(after.isActive() && after.holdsAddress(), () -> "the passive took over: " + after + "\n"
                    + after.output());

            SippResult result = calls.await();
            assertTrue(result.allSucceeded(FAILOVER_CALLS), () -> "expected " + FAILOVER_CALLS
                    + " successful calls and none failed across the takeover, got " + result + "\n" + result.report()
                    + "\n" + passive.logTail());
        }
    }

    @Test
    @Order(2)
    void theKilledNodeRejoinsAsPassiveAndNeverTakesTheAddressBack() throws Exception {
        assumeTrue(killed != null && survivor != null, "needs the takeover of the previous test");
        String refusal = survivor.console().run("dualsip:switchover");
        assertTrue(refusal.contains("refused") && refusal.contains("IN_SYNC"),
                () -> "switchover without an IN_SYNC peer is refused with the reason: " + refusal);

        long activationsBefore = activations(killed);
        try (SippRunner.Running calls = sipp.start(longCalls(REJOIN_CALLS, 40_000, "rejoin"))) {
            NodeStatusView active = NodePair.awaitStatus(survivor, s -> s.confirmed() >= REJOIN_CALLS,
                    Duration.ofSeconds(20));
            assertEquals(REJOIN_CALLS, active.confirmed(), () -> "calls up on the survivor: " + active);

            killed.relaunch();
            NodeStatusView rejoined = NodePair.awaitStatus(killed, s -> s.isPassive() && s.inSync(),
                    Duration.ofSeconds(90));
            assertTrue(rejoined.isPassive() && rejoined.inSync(), () -> "the restarted node joins PASSIVE and IN_SYNC: "
                    + rejoined + "\n" + rejoined.output() + "\n" + killed.logTail());
            System.out.println("[PairFailoverIT] restarted node: " + rejoined);
            assertEquals(REJOIN_CALLS, rejoined.liveCalls(), () -> "the restarted passive mirrors the calls under way: "
                    + rejoined.output());
            assertFalse(rejoined.holdsAddress(), () -> "the restarted passive does not hold the address: " + rejoined);
            assertTrue(survivor.console().status().isActive(), "the survivor stays ACTIVE (no preemption)");

            SippResult result = calls.await();
            assertTrue(result.allSucceeded(REJOIN_CALLS), () -> "calls through the survivor while the other node "
                    + "rejoined: " + result + "\n" + result.report() + "\n" + survivor.logTail());
        }
        assertEquals(activationsBefore, activations(killed), () -> "the restarted node never became ACTIVE\n"
                + killed.logTail());
        assertTrue(survivor.console().status().isActive(), "the survivor is still ACTIVE after the calls");
        rejoined = true;
    }

    @Test
    @Order(3)
    void killingTheActiveUnderFiftyCallsPerSecondFailsNoCall() throws Exception {
        assumeTrue(rejoined, "needs the pair formed again by the previous test");
        KarafNode active = survivor;
        KarafNode passive = killed;
        SippRun run = SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, LOAD_RATE, LOAD_CALLS,
                Duration.ofSeconds(90), SystemTestSetup.work().resolve("sipp-failover-load"))
                .withExtraArgs("-d", "2000");
        try (SippRunner.Running calls = sipp.start(run)) {
            Thread.sleep(3_000);
            long gapMillis = killAndTimeFirstAnswer(active);
            System.out.println("[PairFailoverIT] under " + LOAD_RATE + " calls/s: failover gap " + gapMillis + " ms");
            NodeStatusView after = NodePair.awaitStatus(passive, NodeStatusView::isActive, Duration.ofSeconds(10));
            assertTrue(after.isActive() && after.holdsAddress(), () -> "the passive took over: " + after);

            SippResult result = calls.await();
            System.out.println("[PairFailoverIT] calls at " + LOAD_RATE + "/s across a kill -9 of the active: "
                    + result);
            assertTrue(result.allSucceeded(LOAD_CALLS), () -> "expected " + LOAD_CALLS + " successful calls and none "
                    + "failed across the takeover under load, got " + result + "\n" + result.report() + "\n"
                    + passive.logTail());
        }
    }

    /**
     * SIGKILLs the node's JVM (as {@code kill -9}) and returns the milliseconds to the first OPTIONS
     * answered on the service address (-1 if none within 15 s). The probing starts as soon as the
     * signal is sent: waiting for the exit to be noticed first would add ProcessHandle's polling delay
     * (~300 ms) to the figure. Once kill(2) has returned the old JVM runs no more code, so any answer
     * comes from the new active. The JVM is then reaped.
     */
    private static long killAndTimeFirstAnswer(KarafNode active) throws Exception {
        ProcessHandle jvm = active.jvm().orElseThrow(() -> new IllegalStateException("the active JVM is not running"));
        long killedAt = System.nanoTime();
        jvm.destroyForcibly();
        long gap = firstAnswerAfter(killedAt, Duration.ofSeconds(15));
        active.kill();
        return gap;
    }

    /** Milliseconds from {@code since} to the first OPTIONS answer on the service address; -1 if none. */
    private static long firstAnswerAfter(long since, Duration within) throws IOException {
        OptionsProbe probe = new OptionsProbe(BASE.sipAddress());
        long deadline = since + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.probe(BASE.sipAddress(), BASE.sipPort(), Duration.ofMillis(20)).isPresent()) {
                return (System.nanoTime() - since) / 1_000_000;
            }
        }
        return -1;
    }

    /** Role changes to ACTIVE in the node's log ("from -> to (reason, epoch)"). */
    private static long activations(KarafNode node) throws IOException {
        Path log = node.home().resolve("data/log/karaf.log");
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .filter(line -> line.contains("-> ACTIVE"))
                .count();
    }
}
