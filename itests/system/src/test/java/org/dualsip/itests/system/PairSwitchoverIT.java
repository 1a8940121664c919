package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dualsip:switchover} under SIPp load (20 calls/s, 300 short calls): the active hands over to
 * the IN_SYNC passive, and once the old active is IN_SYNC again the role is handed back; SIPp's
 * retransmissions absorb the gaps, so no call fails. A switchover asked of the passive is refused
 * with the reason.
 */
class PairSwitchoverIT {

    private static final NodeSettings BASE = NodeSettings.of(8503, 1503, 44803, "127.0.0.62", 45062);
    private static final int SYNC_PORT = 47920;
    private static final String SIPP_ADDRESS = "127.0.0.63";
    private static final int SIPP_PORT = 45063;
    private static final int CALLS = 300;
    private static final int RATE = 20;
    private static final String DONE = "switchover done";

    private static SippRunner sipp;
    private static NodePair pair;

    @BeforeAll
    static void startPair() throws Exception {
        sipp = SystemTestSetup.sipp();
        pair = NodePair.onLoopback(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("pair-switchover"),
                BASE, SYNC_PORT);
        pair.start();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aSwitchoverAskedOfThePassiveIsRefusedWithTheReason() throws Exception {
        KarafNode passive = pair.passive().orElseThrow(() -> new AssertionError("no PASSIVE node in the pair"));
        String output = passive.console().run("dualsip:switchover");
        assertTrue(output.contains("refused") && output.contains("PASSIVE"),
                () -> "switchover on the passive is refused and says why: " + output);
        assertTrue(passive.console().status().isPassive(), "the passive is still PASSIVE");
    }

    @Test
    void switchoverAndBackUnderLoadLosesNoCall() throws Exception {
        KarafNode first = pair.active().orElseThrow(() -> new AssertionError("no ACTIVE node in the pair"));
        KarafNode second = pair.other(first);
        SippRun run = SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, RATE, CALLS, Duration.ofSeconds(90),
                SystemTestSetup.work().resolve("sipp-switchover"))
                .withExtraArgs("-d", "1000");
        long loadStarted = System.nanoTime();
        try (SippRunner.Running calls = sipp.start(run)) {
            Thread.sleep(3_000);
            handOver(first, second);
            NodeStatusView resynced = NodePair.awaitStatus(first, s -> s.isPassive() && s.inSync(),
                    Duration.ofSeconds(30));
            assertTrue(resynced.isPassive() && resynced.inSync(), () -> "the old active is IN_SYNC again: " + resynced
                    + "\n" + resynced.output());
            handOver(second, first);
            long backAfter = (System.nanoTime() - loadStarted) / 1_000_000;
            System.out.println("[PairSwitchoverIT] switched back " + backAfter + " ms into the load");
            assertTrue(calls.isAlive(), () -> "SIPp's " + CALLS + " calls at " + RATE + "/s were over before the "
                    + "switch back (" + backAfter + " ms): the second switchover was not under load");

            SippResult result = calls.await();
            assertTrue(result.allSucceeded(CALLS), () -> "expected " + CALLS + " successful calls and none failed "
                    + "across two switchovers, got " + result + "\n" + result.report() + "\n" + first.logTail()
                    + "\n" + second.logTail());
        }
    }

    /** Switches over from the active {@code from}; {@code to} must become ACTIVE within 5 s. */
    private static void handOver(KarafNode from, KarafNode to) throws Exception {
        long started = System.nanoTime();
        String output = from.console().run("dualsip:switchover");
        long commandMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(output.contains(DONE), () -> "switchover on " + from.home().getFileName() + ": " + output);
        NodeStatusView taken = NodePair.awaitStatus(to, NodeStatusView::isActive, Duration.ofSeconds(5));
        assertTrue(taken.isActive() && taken.holdsAddress(), () -> to.home().getFileName() + " took over: " + taken
                + "\n" + taken.output());
        System.out.println("[PairSwitchoverIT] switchover " + from.home().getFileName() + " -> "
                + to.home().getFileName() + " done (console round trip " + commandMillis + " ms)");
    }
}
