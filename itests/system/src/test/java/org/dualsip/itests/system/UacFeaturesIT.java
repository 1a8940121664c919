package org.dualsip.itests.system;

import static org.dualsip.itests.system.ConnectorNode.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.dualsip.client.RemoteCall;
import org.dualsip.client.RemoteCallEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's call features with the service as UAC: a remote application (dualsip-client, through the
 * connector of one node on 127.0.0.110:47090, session.expires.s 90) places calls, with and without
 * SDP, to SIPp UAS scenarios of our own on 127.0.0.112:47095-47098; the test checks the application's
 * events and SIPp's verdict (each scenario checks the messages it gets). Late offer (and a 2xx without
 * an offer), malformed SDP in the 2xx (ACK, then BYE with Reason 488), a reliable 183 PRACKed, session
 * timers (422 and the retry; the service refreshing with UPDATE or re-INVITE; the far end refreshing,
 * first below our Min-SE: 422), hold and resume re-offers, INFO from the far end; and INFO with SIPp as
 * the caller and the demo application answering. The two refreshes by the service (~50 s each: 90 s is
 * the smallest interval RFC 4028 allows) run at once.
 */
class UacFeaturesIT {

    private static final NodeSettings SETTINGS = NodeSettings.of(8732, 1732, 44732, "127.0.0.110", 47090);
    private static final int CONNECTOR_PORT = 47099;
    private static final String SIPP_ADDRESS = "127.0.0.112";
    private static final String APP_URI = "sip:interop@" + SETTINGS.sipAddress();
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String SDP = InteropIT.SDP;

    private static SippRunner sipp;
    private static ConnectorNode service;

    @BeforeAll
    static void start() throws Exception {
        sipp = SystemTestSetup.sipp();
        service = ConnectorNode.start(SystemTestSetup.work().resolve("uac-features/node"), SETTINGS, CONNECTOR_PORT,
                Map.of("session.expires.s", "90"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void noCallLeftOnTheNode() throws Exception {
        assertTrue(service.awaitNoLiveCalls(STEP), () -> "calls left on the node\n" + service.node().logTail());
    }

    @Test
    void lateOfferTakesTheOfferFromThe2xxAndSendsTheApplicationsAnswerInTheAck() throws Exception {
        try (SippRunner.Running uas = uas("uas-late-offer.xml", 47095)) {
            String id = place(47095, null);
            RemoteCallEvent.Answered answered = events().expect(id, RemoteCallEvent.Answered.class, STEP);
            assertEquals(RemoteCall.State.ANSWERED_WAITING_ACK, answered.call().state());
            assertTrue(answered.call().sdpOffer() != null && answered.call().sdpOffer().contains("m=audio"),
                    () -> "the far end's offer from the 2xx: " + answered.call());
            done(service.client().answer(id, SDP));
            events().expect(id, RemoteCallEvent.Confirmed.class, STEP);
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    @Test
    void lateOfferWhose2xxHasNoOfferIsAckedAndEndedWithBye488() throws Exception {
        try (SippRunner.Running uas = uas("uas-late-offer-no-offer.xml", 47095)) {
            String id = place(47095, null);
            events().expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("SDP_NEGOTIATION_FAILED"), STEP);
            assertSippPassed(uas);
        }
    }

    @Test
    void malformedSdpAnswerIn2xxIsAckedAndEndedWithBye488() throws Exception {
        try (SippRunner.Running uas = uas("uas-malformed-sdp.xml", 47095)) {
            String id = place(47095, SDP);
            events().expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("SDP_NEGOTIATION_FAILED"), STEP);
            assertSippPassed(uas);
        }
    }

    @Test
    void reliable183IsPrackedAndItsSdpIsTheAnswer() throws Exception {
        try (SippRunner.Running uas = uas("uas-prack.xml", 47095)) {
            String id = place(47095, SDP);
            RemoteCallEvent.Ringing ringing = events().expect(id, RemoteCallEvent.Ringing.class, STEP);
            assertEquals(183, ringing.code());
            assertTrue(ringing.sdp() != null && ringing.sdp().contains("m=audio"), () -> "early media: " + ringing);
            RemoteCallEvent.Confirmed confirmed = events().expect(id, RemoteCallEvent.Confirmed.class, STEP);
            assertEquals(ringing.sdp(), confirmed.call().sdpAnswer(), "a 2xx without SDP keeps the 183's answer");
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    @Test
    void sessionIntervalTooSmallFor422IsRetriedWithTheFarEndsMinSe() throws Exception {
        try (SippRunner.Running uas = uas("uas-session-timer-422.xml", 47095)) {
            String id = place(47095, SDP);
            events().expect(id, RemoteCallEvent.Confirmed.class, STEP);
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    @Test
    void asRefresherTheServiceRefreshesWithUpdateOrReInviteAtHalfTheInterval() throws Exception {
        // SIPp checks that each refresh comes between 30 s and 65 s after the ACK (due at 45 s).
        Duration bound = Duration.ofSeconds(100);
        try (SippRunner.Running update = uas("uas-session-refresh-update.xml", 47096, bound);
                SippRunner.Running reinvite = uas("uas-session-refresh-reinvite.xml", 47097, bound)) {
            String byUpdate = place(47096, SDP);
            String byReinvite = place(47097, SDP);
            events().expect(byUpdate, RemoteCallEvent.Confirmed.class, STEP);
            events().expect(byReinvite, RemoteCallEvent.Confirmed.class, STEP);
            assertSippPassed(update);
            assertSippPassed(reinvite);
            for (String id : List.of(byUpdate, byReinvite)) {
                events().expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("REMOTE_HANGUP"), STEP);
                assertEquals(List.of("Answered", "Confirmed", "Ended"), withoutRinging(id),
                        "the refresh is the engine's: no re-offer reaches the application");
            }
        }
    }

    @Test
    void farEndRefreshBelowOurMinSeGets422AndTheNextRefreshIsAnsweredByTheEngine() throws Exception {
        try (SippRunner.Running uas = uas("uas-session-refresh-by-far-end.xml", 47095)) {
            String id = place(47095, SDP);
            events().expect(id, RemoteCallEvent.Confirmed.class, STEP);
            assertSippPassed(uas);
            events().expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("REMOTE_HANGUP"), STEP);
            assertEquals(List.of("Answered", "Confirmed", "Ended"), withoutRinging(id),
                    "the refreshes are answered by the engine: no re-offer reaches the application");
        }
    }

    @Test
    void holdAndResumeReOffersGetTheFarEndsAnswers() throws Exception {
        try (SippRunner.Running uas = uas("uas-hold-resume.xml", 47095)) {
            String id = place(47095, SDP);
            events().expect(id, RemoteCallEvent.Confirmed.class, STEP);
            done(service.client().reoffer(id, SDP.replace("a=sendrecv", "a=sendonly")));
            RemoteCallEvent.ReofferAnswered held = events().expect(id, RemoteCallEvent.ReofferAnswered.class, STEP);
            assertEquals(200, held.code());
            assertTrue(held.sdp() != null && held.sdp().contains("a=recvonly"), () -> "hold answered: " + held);
            done(service.client().reoffer(id, SDP));
            RemoteCallEvent.ReofferAnswered resumed = events().expect(id, RemoteCallEvent.ReofferAnswered.class,
                    e -> e != held, STEP);
            assertEquals(200, resumed.code());
            assertTrue(resumed.sdp() != null && resumed.sdp().contains("a=sendrecv"),
                    () -> "resume answered: " + resumed);
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    @Test
    void badReOffersGet488And500AndTheCallKeepsItsPendingOffer() throws Exception {
        Path trace = workDir("uas-reoffer-errors").resolve("messages.log");
        Files.deleteIfExists(trace);
        try (SippRunner.Running uas = uas("uas-reoffer-errors.xml", 47095, Duration.ofSeconds(40), "-trace_msg",
                "-message_file", trace.toString())) {
            String id = place(47095, SDP);
            events().expect(id, RemoteCallEvent.Confirmed.class, STEP);
            RemoteCallEvent.Reoffer reoffer = events().expect(id, RemoteCallEvent.Reoffer.class, STEP);
            assertEquals("INVITE", reoffer.method());
            assertTrue(reoffer.sdp() != null && reoffer.sdp().contains("a=sendonly"),
                    () -> "the valid re-offer, not the malformed one: " + reoffer);
            // Answer only once SIPp has its 500: the UPDATE must find the re-INVITE still pending.
            assertTrue(awaitText(trace, "SIP/2.0 500", STEP), () -> "500 to the second offer, in " + trace);
            done(service.client().acceptReoffer(id, SDP.replace("a=sendrecv", "a=recvonly")));
            hangUpAndExpectSippPassed(id, uas);
            assertEquals(1, events().names(id).stream().filter(name -> name.equals("Reoffer")).count(),
                    () -> "only the valid re-INVITE reached the application: " + events().names(id));
        }
    }

    @Test
    void infoFromTheFarEndIsAnswered200AndReachesTheApplication() throws Exception {
        try (SippRunner.Running uas = uas("uas-info.xml", 47095)) {
            String id = place(47095, SDP);
            RemoteCallEvent.Message info = events().expect(id, RemoteCallEvent.Message.class, STEP);
            assertEquals("INFO", info.method());
            assertTrue(info.contentType() != null && info.contentType().startsWith("application/dtmf-relay"),
                    () -> "content type: " + info);
            assertTrue(info.body() != null && info.body().contains("Signal=5") && info.body().contains("Duration=160"),
                    () -> "body: " + info);
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    @Test
    void infoToTheServiceAsUasIsAnswered200() throws Exception {
        SippRun run = SippRun.uac(SETTINGS.sipTarget(), SIPP_ADDRESS, 47098, 2, 3, Duration.ofSeconds(30),
                workDir("info")).withScenario(SystemTestSetup.scenario("info.xml").toString())
                .withExtraArgs("-s", "demo");
        SippResult result = sipp.run(run);
        assertTrue(result.allSucceeded(3), () -> "INFO to the demo application: " + result + "\n" + result.report());
    }

    private static RecordedEvents events() {
        return service.events();
    }

    /** The call's event names without "Ringing" (the scenarios send a 180 or not, as they need). */
    private static List<String> withoutRinging(String id) {
        return events().names(id).stream().filter(name -> !name.equals("Ringing")).toList();
    }

    private static String place(int sippPort, String sdp) throws Exception {
        return done(service.client().placeCall(APP_URI, "sip:uas@" + SIPP_ADDRESS + ":" + sippPort, sdp, Map.of()));
    }

    private static void hangUpAndExpectSippPassed(String id, SippRunner.Running uas) throws Exception {
        done(service.client().hangUp(id));
        events().expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("LOCAL_HANGUP"), STEP);
        assertSippPassed(uas);
    }

    private static void assertSippPassed(SippRunner.Running uas) throws Exception {
        SippResult result = uas.await();
        assertTrue(result.allSucceeded(1), () -> "SIPp's verdict: " + result + "\n" + result.report() + "\n"
                + service.node().logTail());
    }

    private static SippRunner.Running uas(String scenario, int port) throws Exception {
        return uas(scenario, port, Duration.ofSeconds(30));
    }

    private static boolean awaitText(Path file, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (Files.exists(file) && Files.readString(file,
                    StandardCharsets.ISO_8859_1).contains(text)) {
                return true;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Starts a one-call SIPp UAS scenario and waits until it listens (bounded: an INVITE is resent anyway). */
    private static SippRunner.Running uas(String scenario, int port, Duration timeout, String... extraArgs)
            throws Exception {
        return SippUas.start(sipp, SETTINGS.sipTarget(), SIPP_ADDRESS, port, scenario, timeout, List.of(extraArgs),
                workDir(scenario.replace(".xml", "")));
    }

    private static Path workDir(String label) {
        return SystemTestSetup.work().resolve("uac-features/sipp-" + label);
    }
}
