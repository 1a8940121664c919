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
 * Issue 6's call features against one real node (the distribution's configuration: session timers on,
 * 1800 s, Min-SE 90) and the demo application, with SIPp scenarios of our own as the far end calling
 * the service: late offer (and its error case), session-timer negotiation (422), hold and resume,
 * malformed SDP (488) in an INVITE and in a re-INVITE, 100rel/PRACK.
 */
class CallFeaturesIT {

    private static final NodeSettings SETTINGS = NodeSettings.of(8701, 1701, 44701, "127.0.0.80", 47060);
    private static final String SIPP_ADDRESS = "127.0.0.81";
    private static final int SIPP_PORT = 47061;

    private static SippRunner sipp;
    private static KarafNode node;

    @BeforeAll
    static void bootNode() throws Exception {
        sipp = SystemTestSetup.sipp();
        node = new KarafNode(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("features-node"), SETTINGS);
        node.start();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private static SippResult run(String scenario, int calls) throws Exception {
        SippRun run = SippRun.uac(SETTINGS.sipTarget(), SIPP_ADDRESS, SIPP_PORT, 5, calls, Duration.ofSeconds(60),
                SystemTestSetup.work().resolve("sipp-" + scenario.replace(".xml", "")))
                .withScenario(SystemTestSetup.scenario(scenario).toString());
        return sipp.run(run);
    }

    private static void assertAllSucceeded(SippResult result, int calls) {
        assertTrue(result.allSucceeded(calls), () -> "expected " + calls + " successful calls and none failed, got "
                + result + "\n" + result.report() + "\n" + node.logTail());
        assertEquals(0, result.failed());
    }

    @Test
    void lateOfferGetsTheApplicationsOfferInThe200AndTakesTheAnswerFromTheAck() throws Exception {
        assertAllSucceeded(run("late-offer.xml", 10), 10);
    }

    @Test
    void lateOfferWhoseAckHasNoAnswerIsEndedWithByeAndReason488() throws Exception {
        assertAllSucceeded(run("late-offer-no-answer.xml", 5), 5);
    }

    @Test
    void sessionIntervalBelowMinSeIsRefusedWith422AndMinSe() throws Exception {
        assertAllSucceeded(run("session-timer-422.xml", 5), 5);
    }

    @Test
    void holdAndResumeReInvitesReachTheApplicationAndGetItsAnswers() throws Exception {
        assertAllSucceeded(run("hold-resume.xml", 5), 5);
    }

    @Test
    void requiredHundredRelMakesTheRingingReliableAndTheAnswerWaitsForThePrack() throws Exception {
        assertAllSucceeded(run("prack.xml", 5), 5);
    }

    @Test
    void inviteWithMalformedSdpIsRefusedWith488AndAWarning() throws Exception {
        assertAllSucceeded(run("malformed-sdp.xml", 5), 5);
    }

    @Test
    void reInviteWithMalformedSdpIsRefusedWith488AndTheCallIsKept() throws Exception {
        assertAllSucceeded(run("malformed-sdp-reinvite.xml", 5), 5);
    }
}
