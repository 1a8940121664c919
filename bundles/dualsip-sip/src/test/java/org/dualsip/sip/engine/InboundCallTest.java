package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import javax.sip.message.Response;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UAS side over real SIP on loopback: the engine on 127.0.0.11:15061, the far end a raw UDP peer. */
class InboundCallTest {

    static final String HOST = "127.0.0.11";
    static final int PORT = 15061;
    static final String TARGET = HOST + ":" + PORT;
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        engine = new CallEngine("test", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "test-app", "sip:(?!nobody@).*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @BeforeEach
    void peer() throws Exception {
        peer = new SipTestPeer("127.0.0.1", 15062, HOST, PORT);
        d = new Dialogs(peer, TARGET);
        peer.onlyCallId = d.callId;
        app.forget();
        app.autoAnswer = true;
        app.ring = true;
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private <T extends CallEvent> T awaitEvent(Class<T> type, Predicate<T> match) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (CallEvent e : app.events) {
                if (type.isInstance(e) && match.test(type.cast(e)) && e.call().id() != null) {
                    return type.cast(e);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + app.events);
    }

    private <T extends CallEvent> T awaitEvent(Class<T> type) throws InterruptedException {
        return awaitEvent(type, e -> true);
    }

    /** INVITE, answered by the app, 200 received: returns the 200. */
    private SipTestPeer.Msg answeredCall() throws Exception {
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok, "200 to INVITE");
        d.toTag = ok.toTag();
        return ok;
    }

    private String confirmedCall() throws Exception {
        answeredCall();
        peer.send(d.ack(1));
        return awaitEvent(CallEvent.Confirmed.class).call().id();
    }

    @Test
    void inviteIsTriedRungAnsweredAndConfirmedByAck() throws Exception {
        peer.send(d.invite());
        assertNotNull(peer.expectStatus(100, "INVITE", 2000));
        assertNotNull(peer.expectStatus(180, "INVITE", 2000));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok);
        assertTrue(ok.body().contains("m=audio 40000"), "SDP answer in the 200");
        assertNotNull(ok.header("Contact"));
        d.toTag = ok.toTag();
        assertNotNull(d.toTag);
        String id = awaitEvent(CallEvent.Offered.class).call().id();
        assertEquals(Dialogs.OFFER.replace("\n", "\r\n"), engine.find(id).orElseThrow().sdpOffer());
        peer.send(d.ack(1));
        awaitEvent(CallEvent.Confirmed.class);
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());

        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 2000));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.REMOTE_HANGUP, ended.reason());
        assertEquals(CallState.ENDED, ended.call().state());
    }

    @Test
    void retransmittedInviteIsAbsorbedBeforeAndAfterTheAnswer() throws Exception {
        app.autoAnswer = false;
        peer.send(d.invite());
        assertNotNull(peer.expectStatus(100, "INVITE", 2000));
        peer.send(d.invite());
        Thread.sleep(200);
        long offered = app.events.stream().filter(e -> e instanceof CallEvent.Offered).count();
        assertEquals(1, offered, "one call for the INVITE and its retransmission");
        String id = app.events.get(0).call().id();
        engine.answer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg first = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(first);
        peer.clear();
        peer.send(d.invite()); // after the 2xx: the engine re-sends it, no new call
        SipTestPeer.Msg again = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(again);
        assertEquals(first.toTag(), again.toTag());
        assertEquals(1, app.events.stream().filter(e -> e instanceof CallEvent.Offered).count());
        d.toTag = first.toTag();
        peer.send(d.ack(1));
        awaitEvent(CallEvent.Confirmed.class);
    }

    @Test
    void missingAckEndsTheCallWithByeAfterTimerH() throws Exception {
        answeredCall();
        // T1 = 50 ms: retransmissions at 50, 100, 200, 400, 400... until 64*T1 = 3.2 s, then BYE
        assertNotNull(peer.expectStatus(200, "INVITE", 1000), "2xx retransmitted");
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 6000);
        assertNotNull(bye, "BYE after Timer H");
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.ACK_TIMEOUT, ended.reason());
    }

    @Test
    void cancelOfARingingCallGets200And487() throws Exception {
        app.autoAnswer = false;
        peer.send(d.invite());
        String id = awaitEvent(CallEvent.Offered.class).call().id();
        engine.ring(id, 180, null);
        assertNotNull(peer.expectStatus(180, "INVITE", 2000));
        peer.send(d.cancel());
        assertNotNull(peer.expectStatus(200, "CANCEL", 2000));
        assertNotNull(peer.expectStatus(487, "INVITE", 2000));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.CANCELLED, ended.reason());
        CallControlException e = assertThrows(CallControlException.class, () -> engine.answer(id, "v=0"));
        assertEquals(CallControlException.Reason.WRONG_STATE, e.reason());
    }

    @Test
    void cancelAfterOurTwoHundredLeavesTheCallUp() throws Exception {
        answeredCall();
        peer.send(d.cancel());
        assertNotNull(peer.expectStatus(200, "CANCEL", 2000));
        peer.send(d.ack(1));
        String id = awaitEvent(CallEvent.Confirmed.class).call().id();
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.Ended));
        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 2000);
        assertNotNull(bye);
        assertTrue(bye.header("CSeq").startsWith("1 BYE"), "first request of ours: CSeq 1");
    }

    @Test
    void byeDuringAPendingReinviteAnswers487ThenEndsTheCall() throws Exception {
        String id = confirmedCall();
        app.autoAnswer = false;
        peer.send(d.inDialog("INVITE", 2, Dialogs.OFFER));
        awaitEvent(CallEvent.ReofferReceived.class);
        peer.send(d.inDialog("INVITE", 3, Dialogs.OFFER));
        // RFC 3261 14.2: a second INVITE before our final response to the first gets 500 + Retry-After 0-10 s
        SipTestPeer.Msg busy = peer.expectStatus(500, "INVITE", 2000);
        assertNotNull(busy, "second re-INVITE while one is pending");
        int retryAfter = Integer.parseInt(busy.header("Retry-After").trim());
        assertTrue(retryAfter >= 0 && retryAfter <= 10, "Retry-After " + retryAfter);
        peer.send(d.inDialog("BYE", 4, null));
        assertNotNull(peer.expectStatus(487, "INVITE", 2000));
        assertNotNull(peer.expectStatus(200, "BYE", 2000));
        assertEquals(CallState.ENDED, awaitEvent(CallEvent.Ended.class).call().state());
        assertThrows(CallControlException.class, () -> engine.acceptReoffer(id, "v=0"));
    }

    @Test
    void reinviteAcceptedByTheApplicationIsRetransmittedUntilAck() throws Exception {
        confirmedCall();
        peer.send(d.inDialog("INVITE", 2, Dialogs.OFFER));
        awaitEvent(CallEvent.ReofferReceived.class);
        assertNotNull(peer.expectStatus(200, "INVITE", 2000));
        assertNotNull(peer.expectStatus(200, "INVITE", 2000), "re-INVITE 2xx retransmitted");
        peer.send(d.ack(2));
        Thread.sleep(300);
        peer.clear();
        assertNull(peer.expectStatus(200, "INVITE", 300), "no more retransmissions after the ACK");
        peer.send(d.inDialog("UPDATE", 3, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(200, "UPDATE", 2000));
    }

    @Test
    void hangUpBeforeTheAckWaitsForItThenSendsBye() throws Exception {
        answeredCall();
        String id = awaitEvent(CallEvent.Answered.class).call().id();
        engine.hangUp(id);
        CallRecord pending = engine.store().find(id).orElseThrow();
        assertTrue(pending.hangUpPending(), "the pending hang-up is in the record, for a takeover to see");
        assertEquals(CallState.ANSWERED_WAITING_ACK, pending.state());
        peer.clear();
        org.junit.jupiter.api.Assertions.assertNull(peer.expectRequest("BYE", 200), "no BYE before the ACK");
        peer.send(d.ack(1));
        assertNotNull(peer.expectRequest("BYE", 2000));
        CallRecord terminating = engine.store().find(id).orElseThrow();
        assertTrue(!terminating.hangUpPending(), "done once the BYE is on its way");
    }

    @Test
    void twoHundredIsRebuiltFromTheRecordAloneWhenTheCacheIsGone() throws Exception {
        String routes = "Record-Route: <sip:p1.example.com;lr>\nRecord-Route: <sip:p2.example.com;lr>";
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, routes, Dialogs.OFFER));
        SipTestPeer.Msg first = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(first);
        String id = awaitEvent(CallEvent.Answered.class).call().id();
        CallSession s = engine.session(id);
        Response cached;
        synchronized (s) {
            cached = s.inviteFinal;
            // what a node taking the call over lacks: every JAIN-SIP object of the call
            s.inviteFinal = null;
            s.inviteRequest = null;
            s.inviteTx = null;
        }
        CallRecord r = engine.store().find(id).orElseThrow();
        Response rebuilt = new AnswerRetransmitter(engine).okFromRecord(r, r.invite());
        assertEquals(cached.getStatusCode(), rebuilt.getStatusCode());
        for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq", "Contact", "Record-Route", "Content-Type")) {
            assertEquals(headers(cached, name), headers(rebuilt, name), name);
        }
        assertEquals(2, headers(rebuilt, "Record-Route").size());
        assertEquals(MessageBuilder.body(cached), MessageBuilder.body(rebuilt));
        assertNull(rebuilt.getHeader("Max-Forwards"));

        peer.clear();
        SipTestPeer.Msg again = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(again, "retransmissions go on without the cache");
        assertEquals(first.toTag(), again.toTag());
        assertEquals(first.body(), again.body());
        assertEquals(first.headers().get("record-route"), again.headers().get("record-route"));
        d.toTag = first.toTag();
        peer.send(d.ack(1));
        awaitEvent(CallEvent.Confirmed.class);
    }

    private static List<String> headers(Response m, String name) {
        List<String> out = new java.util.ArrayList<>();
        m.getHeaders(name).forEachRemaining(h -> out.add(h.toString().trim()));
        return out;
    }

    @Test
    void rejectSendsTheCodeAndReason() throws Exception {
        app.autoAnswer = false;
        peer.send(d.invite());
        String id = awaitEvent(CallEvent.Offered.class).call().id();
        engine.reject(id, 603, "Go Away");
        SipTestPeer.Msg resp = peer.expectStatus(603, "INVITE", 2000);
        assertTrue(resp.firstLine().endsWith("Go Away"));
        assertEquals(EndReason.REJECTED, awaitEvent(CallEvent.Ended.class).reason());
    }

    @Test
    void requestsForUnknownDialogsGet481() throws Exception {
        d.toTag = "nosuchtag";
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(481, "BYE", 2000));
        peer.send(d.inDialog("INVITE", 3, Dialogs.OFFER));
        assertNotNull(peer.expectStatus(481, "INVITE", 2000));
        peer.send(d.cancel());
        assertNotNull(peer.expectStatus(481, "CANCEL", 2000));
    }

    @Test
    void infoAndMessageInADialogAreAnsweredAndReported() throws Exception {
        confirmedCall();
        peer.send(d.request("INFO", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, true, "Content-Type: application/dtmf-relay",
                null).replace("Content-Type: application/dtmf-relay", "Content-Type: application/dtmf-relay\n\nSignal=5"));
        assertNotNull(peer.expectStatus(200, "INFO", 2000));
        CallEvent.MessageReceived m = awaitEvent(CallEvent.MessageReceived.class);
        assertEquals("INFO", m.method());
        peer.send(d.request("MESSAGE", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, false, null, null));
        assertNotNull(peer.expectStatus(405, "MESSAGE", 2000), "MESSAGE outside a dialog");
    }

    @Test
    void refusalsFollowRfc3261Section8() throws Exception {
        String b = "z9hG4bK";
        peer.send(d.request("OPTIONS", d.uri(), b + SipTestPeer.id(), 1, false, null, null));
        SipTestPeer.Msg options = peer.expectStatus(200, "OPTIONS", 2000);
        assertNotNull(options);
        assertTrue(options.header("Allow").contains("INVITE"));
        assertEquals("application/sdp", options.header("Accept"));
        assertTrue(options.headers().containsKey("supported"));

        peer.send(d.request("REGISTER", d.uri(), b + SipTestPeer.id(), 1, false, null, null));
        assertNotNull(peer.expectStatus(405, "REGISTER", 2000).header("Allow"));
        peer.send(d.request("FOOBAR", d.uri(), b + SipTestPeer.id(), 1, false, null, null));
        assertNotNull(peer.expectStatus(501, "FOOBAR", 2000));
        peer.send(d.request("OPTIONS", d.uri(), b + SipTestPeer.id(), 2, false, "Require: foo, bar", null));
        SipTestPeer.Msg r420 = peer.expectStatus(420, "OPTIONS", 2000);
        assertTrue(r420.header("Unsupported").contains("foo"));
        peer.send(d.request("OPTIONS", "tel:+15551234", b + SipTestPeer.id(), 3, false, null, null));
        assertNotNull(peer.expectStatus(416, "OPTIONS", 2000));
        peer.send(d.request("INVITE", d.uri(), b + SipTestPeer.id(), 4, false, null, null)
                + "Content-Type: text/plain\n\nhello");
        assertEquals("application/sdp", peer.expectStatus(415, "INVITE", 2000).header("Accept"));
        peer.send(d.request("OPTIONS", d.uri(), b + SipTestPeer.id(), 5, false, null, null).replaceFirst("SIP/2.0\n", "SIP/3.0\n"));
        assertNotNull(peer.expectStatus(505, "OPTIONS", 2000));
    }

    @Test
    void inviteNoApplicationTakesGets480() throws Exception {
        d.user = "nobody";
        peer.send(d.invite());
        assertNotNull(peer.expectStatus(480, "INVITE", 2000));
    }
}
