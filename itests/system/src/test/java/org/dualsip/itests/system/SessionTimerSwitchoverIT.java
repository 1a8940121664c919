package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * RFC 4028 session timers across a switchover, on a real pair: a SIPp call asks the service to refresh
 * (Session-Expires 90, refresher=uas: 90 s is the RFC's smallest interval and the configuration's
 * floor, so this test lasts about a minute). A few seconds into the call the active hands over with
 * {@code dualsip:switchover}; the refresh due at 45 s must then come once, from the new active (its
 * CSeq is above 100, the margin a new active adds), and be answered; a second refresh would fail the
 * call in SIPp. What it cannot see: a refresh the demoted node might try, since it no longer holds
 * the address (the engine's SessionTakeoverTest checks that a passive holds no session timer).
 */
class SessionTimerSwitchoverIT {

    private static final NodeSettings BASE = NodeSettings.of(8703, 1703, 44703, "127.0.0.82", 47062);
    private static final int SYNC_PORT = 49000;
    private static final String SIPP_ADDRESS = "127.0.0.83";
    private static final int SIPP_PORT = 47063;

    private static SippRunner sipp;
    private static NodePair pair;

    @BeforeAll
    static void startPair() throws Exception {
        sipp = SystemTestSetup.sipp();
        pair = NodePair.onLoopback(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("pair-session-timer"),
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
    void theRefreshAfterASwitchoverIsSentOnceByTheNewActive() throws Exception {
        KarafNode first = pair.active().orElseThrow(() -> new AssertionError("no ACTIVE node in the pair"));
        KarafNode second = pair.other(first);
        SippRun run = SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, 1, 1, Duration.ofSeconds(100),
                SystemTestSetup.work().resolve("sipp-session-timer-switchover"))
                .withScenario(SystemTestSetup.scenario("session-timer-refresh.xml").toString());
        try (SippRunner.Running call = sipp.start(run)) {
            Thread.sleep(5_000); // the call is set up: answered, ACKed and mirrored
            String output = first.console().run("dualsip:switchover");
            assertTrue(output.contains("switchover done"), () -> "switchover: " + output);
            NodeStatusView taken = NodePair.awaitStatus(second, NodeStatusView::isActive, Duration.ofSeconds(5));
            assertTrue(taken.isActive(), () -> "the other node took over: " + taken.output());
            SippResult result = call.await();
            assertTrue(result.allSucceeded(1), () -> "the call with its one refresh after the switchover: " + result
                    + "\n" + result.report() + "\n" + first.logTail() + "\n" + second.logTail());
            assertEquals(0, result.failed());
        }
    }
}
