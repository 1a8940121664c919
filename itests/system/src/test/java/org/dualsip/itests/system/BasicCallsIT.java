package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One node booted from the distribution (demo application: answer at once, never hang up) and
 * SIPp calling it: load over UDP, a re-INVITE inside a dialog, and calls over TCP.
 */
class BasicCallsIT {

    private static final NodeSettings SETTINGS = NodeSettings.of(8301, 1301, 44601, "127.0.0.30", 35060);
    private static final String SIPP_ADDRESS = "127.0.0.31";
    private static final int SIPP_PORT = 35061;

    private static SippRunner sipp;
    private static KarafNode node;

    @BeforeAll
    static void bootNode() throws Exception {
        sipp = SystemTestSetup.sipp();
        node = new KarafNode(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("node-a"), SETTINGS);
        node.start();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private static SippRun uac(int rate, int calls, String label) {
        return SippRun.uac(SETTINGS.sipTarget(), SIPP_ADDRESS, SIPP_PORT, rate, calls, Duration.ofSeconds(60),
                SystemTestSetup.work().resolve("sipp-" + label));
    }

    private static void assertAllSucceeded(SippResult result, int calls) {
        assertTrue(result.allSucceeded(calls), () -> "expected " + calls + " successful calls and none failed, got "
                + result + "\n" + result.report() + "\n" + node.logTail());
        assertEquals(0, result.failed());
    }

    @Test
    void fiveHundredCallsAtFiftyPerSecondOverUdpAllSucceed() throws Exception {
        SippResult result = sipp.run(uac(50, 500, "uac-udp"));
        assertAllSucceeded(result, 500);
    }

    @Test
    void reInviteWithSdpInsideADialogIsAnsweredWithSdp() throws Exception {
        SippRun run = uac(5, 10, "reinvite").withScenario(SystemTestSetup.scenario("reinvite.xml").toString());
        assertAllSucceeded(sipp.run(run), 10);
    }

    @Test
    void callsOverTcpAllSucceed() throws Exception {
        SippRun run = uac(20, 100, "uac-tcp").withTransport("t1");
        assertAllSucceeded(sipp.run(run), 100);
    }
}
