package org.dualsip.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.dualsip.itest.netns.BridgeCapture.CapturedFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The IPv4 floating address 10.99.0.10 really moves between two nodes in their own namespaces:
 * {@code kill -9} of the active under 100 established calls (the client's ARP entry moves to the
 * other node's MAC, every call hangs up through it); the killed node restarted joins PASSIVE, mirrors
 * every call and never announces the address; then a switchover and back under 50 calls/s.
 *
 * <p>Each test continues from the pair the previous one leaves.
 */
@ExtendWith(NetnsEnvironment.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FloatingAddressTakeoverIT {

    private static final String FLOATING = NetnsTopology.FLOATING_V4;
    private static final int KILL_CALLS = 100;
    private static final int REJOIN_CALLS = 20;
    private static final int LOAD_RATE = 50;
    private static final int LOAD_CALLS = 750;

    private static Path work;
    private static SippRunner sipp;
    private static NodePair pair;
    private static KarafNode killed;
    private static KarafNode survivor;
    private static boolean rejoined;

    @BeforeAll
    static void startPair() throws Exception {
        work = NetnsScenarios.work().resolve("takeover-v4");
        sipp = ClientSipp.runner(work);
        pair = NetnsPair.ipv4(NetnsScenarios.distribution(), work);
        pair.start();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @Order(1)
    void killingTheActiveMovesTheAddressAndEveryCallHangsUpThroughTheOtherNode() throws Exception {
        KarafNode active = pair.active().orElseThrow(() -> new AssertionError("no ACTIVE node in the pair"));
        KarafNode passive = pair.other(active);
        LanHost activeHost = NetnsPair.hostOf(pair, active);
        LanHost passiveHost = NetnsPair.hostOf(pair, passive);
        assertTrue(activeHost.hasAddress(FLOATING), "the active has " + FLOATING + " on its LAN interface");
        assertFalse(passiveHost.hasAddress(FLOATING), "the passive does not have " + FLOATING);

        SippRun run = ClientSipp.longCalls(FLOATING, 5060, KILL_CALLS, 50, 25_000, Duration.ofSeconds(120),
                work.resolve("sipp-kill"));
        try (BridgeCapture capture = BridgeCapture.start(work.resolve("kill.pcapng"));
                SippRunner.Running calls = sipp.start(run)) {
            NodeStatusView before = NodePair.awaitStatus(active, s -> s.confirmed() >= KILL_CALLS,
                    Duration.ofSeconds(30));
            assertEquals(KILL_CALLS, before.confirmed(), () -> "calls CONFIRMED on the active: " + before.output());
            assertEquals(activeHost.mac(), NetnsTopology.CLIENT.neighbourMac(FLOATING),
                    "before the kill the client reaches " + FLOATING + " at the active's MAC");

            Instant killedAt = Instant.now();
            active.kill();
            killed = active;
            survivor = passive;
            NetnsScenarios.assertTookOver(passive, passiveHost, FLOATING);

            SippResult result = calls.await();
            List<CapturedFrame> frames = capture.stop();
            Optional<CapturedFrame> garp = NetnsScenarios.firstAnnouncement(frames, killedAt, passiveHost.mac(),
                    FLOATING);
            System.out.println("[FloatingAddressTakeoverIT] kill -9 -> first gratuitous ARP from the new active: "
                    + NetnsScenarios.millisAfter(killedAt, garp) + "; first SIP answer from it: "
                    + NetnsScenarios.millisAfter(killedAt,
                            NetnsScenarios.firstSipAnswer(frames, killedAt, passiveHost.mac(), FLOATING)));
            assertTrue(garp.isPresent(), "the bridge saw a gratuitous ARP for " + FLOATING + " from "
                    + passiveHost.mac() + " after the kill (capture " + capture.file() + ")");
            assertTrue(result.allSucceeded(KILL_CALLS), () -> "expected " + KILL_CALLS + " calls hung up cleanly "
                    + "through the new active, got " + result + "\n" + result.report() + "\n" + passive.logTail());
        }
    }

    @Test
    @Order(2)
    void theRestartedNodeJoinsPassiveMirrorsEveryCallAndNeverAnnouncesTheAddress() throws Exception {
        assumeTrue(killed != null && survivor != null, "needs the takeover of the previous test");
        LanHost killedHost = NetnsPair.hostOf(pair, killed);
        SippRun run = ClientSipp.longCalls(FLOATING, 5062, REJOIN_CALLS, 20, 45_000, Duration.ofSeconds(120),
                work.resolve("sipp-rejoin"));
        try (BridgeCapture capture = BridgeCapture.start(work.resolve("rejoin.pcapng"));
                SippRunner.Running calls = sipp.start(run)) {
            NodeStatusView up = NodePair.awaitStatus(survivor, s -> s.confirmed() >= REJOIN_CALLS,
                    Duration.ofSeconds(20));
            assertEquals(REJOIN_CALLS, up.confirmed(), () -> "calls up on the survivor: " + up.output());

            killed.relaunch();
            NodeStatusView joined = NodePair.awaitStatus(killed, s -> s.isPassive() && s.inSync(),
                    Duration.ofSeconds(120));
            assertTrue(joined.isPassive() && joined.inSync(), () -> "the restarted node joins PASSIVE and IN_SYNC: "
                    + joined.output() + "\n" + killed.logTail());
            Set<String> onSurvivor = NetnsScenarios.callIds(survivor);
            Set<String> onRestarted = NetnsScenarios.callIds(killed);
            assertEquals(REJOIN_CALLS, onSurvivor.size(), () -> "live calls on the active: " + onSurvivor);
            assertEquals(onSurvivor, onRestarted, "the restarted passive mirrors exactly the active's calls");
            assertTrue(survivor.console().status().isActive(), "the survivor stays ACTIVE (no preemption)");
            assertFalse(killedHost.hasAddress(FLOATING), "the restarted passive never configures " + FLOATING);

            SippResult result = calls.await();
            List<CapturedFrame> frames = capture.stop();
            List<CapturedFrame> claims = frames.stream()
                    .filter(f -> f.sourceMac().equals(killedHost.mac()) && f.announces(FLOATING)).toList();
            assertTrue(claims.isEmpty(), () -> "the restarted node sent ARP/NA claiming " + FLOATING + ": " + claims);
            assertTrue(frames.stream().anyMatch(f -> f.isSipResponseFrom(FLOATING)),
                    "the capture saw the survivor's SIP answers (so it was capturing the LAN at all)");
            assertTrue(result.allSucceeded(REJOIN_CALLS), () -> "calls through the survivor while the other node "
                    + "rejoined: " + result + "\n" + result.report());
        }
        rejoined = true;
    }

    @Test
    @Order(3)
    void switchoverAndBackUnderFiftyCallsPerSecondFailsNoCall() throws Exception {
        assumeTrue(rejoined, "needs the pair formed again by the previous test");
        KarafNode first = pair.active().orElseThrow(() -> new AssertionError("no ACTIVE node in the pair"));
        KarafNode second = pair.other(first);
        SippRun run = ClientSipp.longCalls(FLOATING, 5064, LOAD_CALLS, LOAD_RATE, 2_000, Duration.ofSeconds(120),
                work.resolve("sipp-switchover"));
        try (SippRunner.Running calls = sipp.start(run)) {
            Thread.sleep(3_000);
            handOver(first, second);
            NodeStatusView resynced = NodePair.awaitStatus(first, s -> s.isPassive() && s.inSync(),
                    Duration.ofSeconds(30));
            assertTrue(resynced.isPassive() && resynced.inSync(), () -> "the old active is IN_SYNC again: "
                    + resynced.output());
            handOver(second, first);
            assertTrue(calls.isAlive(), "the switch back happened while SIPp was still calling");

            SippResult result = calls.await();
            assertTrue(result.allSucceeded(LOAD_CALLS), () -> "expected " + LOAD_CALLS + " calls and none failed "
                    + "across two switchovers, got " + result + "\n" + result.report() + "\n" + first.logTail()
                    + "\n" + second.logTail());
        }
    }

    /** Switches over from {@code from}: {@code to} becomes ACTIVE with the address, and the client follows it. */
    private static void handOver(KarafNode from, KarafNode to) throws Exception {
        String output = from.console().run("dualsip:switchover");
        assertTrue(output.contains("switchover done"), () -> "switchover on " + from.home().getFileName() + ": "
                + output);
        NetnsScenarios.assertTookOver(to, NetnsPair.hostOf(pair, to), FLOATING);
        LanHost fromHost = NetnsPair.hostOf(pair, from);
        assertTrue(NetnsScenarios.await(() -> !fromHost.hasAddress(FLOATING), Duration.ofSeconds(5)),
                "the old active removed " + FLOATING);
        System.out.println("[FloatingAddressTakeoverIT] switchover " + from.home().getFileName() + " -> "
                + to.home().getFileName() + " done");
    }
}
