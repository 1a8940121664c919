package org.dualsip.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.dualsip.itest.netns.BridgeCapture.CapturedFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The IPv6 floating address fd99::10/64: {@code kill -9} of the active under established calls; the
 * other node configures the address (no DAD wait), sends an unsolicited neighbour advertisement, the
 * client's neighbour entry moves to its MAC and every call hangs up through it.
 */
@ExtendWith(NetnsEnvironment.class)
class Ipv6TakeoverIT {

    private static final String FLOATING = NetnsTopology.FLOATING_V6;
    private static final int CALLS = 50;

    private static Path work;
    private static SippRunner sipp;
    private static NodePair pair;

    @BeforeAll
    static void startPair() throws Exception {
        work = NetnsScenarios.work().resolve("takeover-v6");
        sipp = ClientSipp.runner(work);
        pair = NetnsPair.ipv6(NetnsScenarios.distribution(), work);
        pair.start();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void killingTheActiveMovesTheIpv6AddressAndEveryCallHangsUpThroughTheOtherNode() throws Exception {
        KarafNode active = pair.active().orElseThrow(() -> new AssertionError("no ACTIVE node in the pair"));
        KarafNode passive = pair.other(active);
        LanHost activeHost = NetnsPair.hostOf(pair, active);
        LanHost passiveHost = NetnsPair.hostOf(pair, passive);
        assertTrue(activeHost.hasAddress(FLOATING), "the active has " + FLOATING + " on its LAN interface");
        assertFalse(passiveHost.hasAddress(FLOATING), "the passive does not have " + FLOATING);

        SippRun run = ClientSipp.longCalls(FLOATING, 5060, CALLS, 25, 20_000, Duration.ofSeconds(120),
                work.resolve("sipp-kill"));
        try (BridgeCapture capture = BridgeCapture.start(work.resolve("kill-v6.pcapng"));
                SippRunner.Running calls = sipp.start(run)) {
            NodeStatusView before = NodePair.awaitStatus(active, s -> s.confirmed() >= CALLS, Duration.ofSeconds(30));
            assertEquals(CALLS, before.confirmed(), () -> "calls CONFIRMED on the active: " + before.output());
            assertEquals(activeHost.mac(), NetnsTopology.CLIENT.neighbourMac(FLOATING),
                    "before the kill the client reaches " + FLOATING + " at the active's MAC");

            Instant killedAt = Instant.now();
            active.kill();
            NetnsScenarios.assertTookOver(passive, passiveHost, FLOATING);

            SippResult result = calls.await();
            List<CapturedFrame> frames = capture.stop();
            Optional<CapturedFrame> advert = NetnsScenarios.firstAnnouncement(frames, killedAt, passiveHost.mac(),
                    FLOATING);
            System.out.println("[Ipv6TakeoverIT] kill -9 -> first neighbour advertisement from the new active: "
                    + NetnsScenarios.millisAfter(killedAt, advert) + "; first SIP answer from it: "
                    + NetnsScenarios.millisAfter(killedAt,
                            NetnsScenarios.firstSipAnswer(frames, killedAt, passiveHost.mac(), FLOATING)));
            assertTrue(advert.isPresent(), "the bridge saw a neighbour advertisement for " + FLOATING + " from "
                    + passiveHost.mac() + " after the kill (capture " + capture.file() + ")");
            assertTrue(result.allSucceeded(CALLS), () -> "expected " + CALLS + " calls hung up cleanly through the "
                    + "new active, got " + result + "\n" + result.report() + "\n" + passive.logTail());
        }
    }
}
