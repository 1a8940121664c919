package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.util.List;
import javax.sip.message.Request;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retransmissions of in-dialog requests (re-INVITE, UPDATE, BYE) over real SIP on loopback: the
 * engine on 127.0.0.14:15070, the far end a raw UDP peer on 127.0.0.15:15071. Each case is sent
 * twice: over UDP (where JAIN-SIP's transaction may absorb it) and handed to the engine as a request
 * no transaction holds (as after a TCP hop or on a node taking the call over), so that the engine's
 * own matching is what answers.
 */
class InDialogRetransmissionTest {

    static final String HOST = "127.0.0.14";
    static final int PORT = 15070;
    /**
     * How long the far end waits before a retransmission (really T1 = 500 ms): JAIN-SIP marks a
     * transaction completed only after the response has left, so a copy sent the very moment that
     * response arrives can meet a transaction still "trying", which discards copies (RFC 3261 17.2.2).
     */
    static final long RETRANSMIT_GAP_MS = 100;
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        // T1 = 1 s: our own 2xx retransmissions start late enough not to be taken for the answers
        // to the retransmitted requests that these tests look for
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(1000, 4000, 10_000);
        engine = new CallEngine("retransmission-test", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "test-app", "sip:.*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @BeforeEach
    void peer() throws Exception {
        peer = new SipTestPeer("127.0.0.15", 15071, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
        app.forget();
        app.autoAnswer = true;
        app.ring = false;
    }

    @AfterEach
    void close() {
        peer.close();
    }

    @Test
    void reinviteRetransmittedAfterOurTwoHundredGetsItAgainWithoutANewEvent() throws Exception {
        confirmedCall();
        String reinvite = d.request("INVITE", d.uri(), branch(), 2, true, null, Dialogs.OFFER);
        peer.send(reinvite);
        SipTestPeer.Msg first = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(first, "200 to the re-INVITE");
        awaitEvents(CallEvent.ReofferReceived.class, 1);

        peer.clear();
        Thread.sleep(RETRANSMIT_GAP_MS);
        peer.send(reinvite); // our 2xx was lost: the far end retransmits
        assertSameAnswer(first, peer.expectStatus(200, "INVITE", 500));
        deliverWithoutTransaction(reinvite);
        assertSameAnswer(first, peer.expectStatus(200, "INVITE", 500));
        assertNull(peer.expectStatus(500, "INVITE", 100), "a retransmission is not out of order");

        peer.send(d.ack(2));
        Thread.sleep(100);
        deliverWithoutTransaction(reinvite); // a late copy after the ACK: the same 2xx, still no new re-offer
        assertSameAnswer(first, peer.expectStatus(200, "INVITE", 500));
        Thread.sleep(100);
        assertEquals(1, count(CallEvent.ReofferReceived.class));
    }

    @Test
    void reinviteRetransmittedWhileTheApplicationThinksIsAbsorbed() throws Exception {
        String id = confirmedCall();
        app.autoAnswer = false;
        String reinvite = d.request("INVITE", d.uri(), branch(), 2, true, null, Dialogs.OFFER);
        peer.send(reinvite);
        awaitEvents(CallEvent.ReofferReceived.class, 1);
        Thread.sleep(RETRANSMIT_GAP_MS);
        peer.send(reinvite);
        deliverWithoutTransaction(reinvite);
        Thread.sleep(200);
        assertEquals(1, count(CallEvent.ReofferReceived.class), "one re-offer for the request and its copies");
        assertNull(peer.expect(m -> d.callId.equals(m.header("Call-ID")) && m.status() >= 200, 100),
                "no final response before the application's");

        engine.acceptReoffer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok);
        assertEquals(d.toTag, ok.toTag());
        peer.send(d.ack(2));
    }

    @Test
    void olderOrReusedCSeqGets500() throws Exception {
        confirmedCall();
        peer.send(d.inDialog("INVITE", 3, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(200, "INVITE", 2000));
        peer.send(d.ack(3));
        awaitEvents(CallEvent.ReofferReceived.class, 1);

        peer.send(d.inDialog("INVITE", 2, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(500, "INVITE", 2000), "an older re-INVITE");
        deliverWithoutTransaction(d.inDialog("INVITE", 2, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(500, "INVITE", 2000), "an older re-INVITE, no transaction");
        peer.send(d.inDialog("UPDATE", 1, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(500, "UPDATE", 2000), "an older UPDATE");
        peer.send(d.inDialog("UPDATE", 3, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(500, "UPDATE", 2000), "another request reusing the last CSeq");
        Thread.sleep(100);
        assertEquals(1, count(CallEvent.ReofferReceived.class));
    }

    @Test
    void updateRetransmissionsGetTheLastFinalResponseAgain() throws Exception {
        String id = confirmedCall();
        String update = d.request("UPDATE", d.uri(), branch(), 2, true, null, Dialogs.OFFER);
        peer.send(update);
        SipTestPeer.Msg first = peer.expectStatus(200, "UPDATE", 2000);
        assertNotNull(first);
        awaitEvents(CallEvent.ReofferReceived.class, 1);
        Thread.sleep(RETRANSMIT_GAP_MS);
        peer.send(update);
        assertSameAnswer(first, peer.expectStatus(200, "UPDATE", 2000));
        deliverWithoutTransaction(update);
        assertSameAnswer(first, peer.expectStatus(200, "UPDATE", 2000));

        app.autoAnswer = false;
        String refused = d.request("UPDATE", d.uri(), branch(), 3, true, null, Dialogs.OFFER);
        peer.send(refused);
        awaitEvents(CallEvent.ReofferReceived.class, 2);
        engine.refuseReoffer(id, 488);
        assertNotNull(peer.expectStatus(488, "UPDATE", 2000));
        deliverWithoutTransaction(refused);
        assertNotNull(peer.expectStatus(488, "UPDATE", 2000), "the refusal again");
        Thread.sleep(100);
        assertEquals(2, count(CallEvent.ReofferReceived.class));
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
    }

    @Test
    void byeRetransmittedAfterTheCallEndedGets200Not481() throws Exception {
        confirmedCall();
        String bye = d.request("BYE", d.uri(), branch(), 2, true, null, null);
        peer.send(bye);
        assertNotNull(peer.expectStatus(200, "BYE", 2000));
        awaitEvents(CallEvent.Ended.class, 1);
        Thread.sleep(RETRANSMIT_GAP_MS);
        peer.send(bye);
        assertNotNull(peer.expectStatus(200, "BYE", 2000), "retransmitted BYE");
        deliverWithoutTransaction(bye);
        assertNotNull(peer.expectStatus(200, "BYE", 2000), "retransmitted BYE, no transaction");
        peer.send(d.inDialog("BYE", 3, null));
        assertNotNull(peer.expectStatus(481, "BYE", 2000), "a new BYE in the ended dialog");
        Thread.sleep(100);
        assertEquals(1, count(CallEvent.Ended.class));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private String confirmedCall() throws Exception {
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok, "200 to INVITE");
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        return awaitEvents(CallEvent.Confirmed.class, 1).call().id();
    }

    private static String branch() {
        return "z9hG4bK" + SipTestPeer.id();
    }

    /** Hands the request to the engine as if no JAIN-SIP transaction held it. */
    private void deliverWithoutTransaction(String request) throws Exception {
        Request parsed = new MessageFactoryImpl().createRequest(SipTestPeer.wire(request));
        engine.processWithoutTransaction(engine.provider(), parsed);
    }

    private static void assertSameAnswer(SipTestPeer.Msg first, SipTestPeer.Msg again) {
        assertNotNull(again, "the final response again");
        assertEquals(first.toTag(), again.toTag());
        assertEquals(first.header("CSeq"), again.header("CSeq"));
        assertEquals(first.header("Via"), again.header("Via"));
        assertEquals(first.body(), again.body());
    }

    private long count(Class<? extends CallEvent> type) {
        return app.events.stream().filter(type::isInstance).count();
    }

    /** Waits until there are n events of the type and returns the last one. */
    private <T extends CallEvent> T awaitEvents(Class<T> type, int n) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<CallEvent> seen = app.events.stream().filter(type::isInstance).toList();
            if (seen.size() >= n) {
                return type.cast(seen.get(seen.size() - 1));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("fewer than " + n + " " + type.getSimpleName() + " in " + app.events);
    }
}
