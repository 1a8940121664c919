package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UAC side: the engine on 127.0.0.12:15064 calls a raw UDP peer on 127.0.0.1:15065. */
class OutboundCallTest {

    static final String HOST = "127.0.0.12";
    static final int PORT = 15064;
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        engine = new CallEngine("test-uac", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "caller", "sip:never@.*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @BeforeEach
    void peer() throws Exception {
        peer = new SipTestPeer("127.0.0.1", 15065, HOST, PORT);
        app.forget();
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private String place() {
        return engine.placeCall(new OutboundCallRequest("caller", "sip:service@" + HOST, "sip:bob@127.0.0.1:15065",
                Dialogs.OFFER, Map.of("X-Test", "yes")));
    }

    /** A response of the peer to a request it received. */
    private String response(SipTestPeer.Msg req, int code, String reason, String toTag, String body) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append('\n');
        for (String via : req.headers().get("via")) {
            b.append("Via: ").append(via).append('\n');
        }
        String to = req.header("To");
        b.append("From: ").append(req.header("From")).append('\n')
                .append("To: ").append(to).append(toTag != null && !to.contains("tag=") ? ";tag=" + toTag : "").append('\n')
                .append("Call-ID: ").append(req.header("Call-ID")).append('\n')
                .append("CSeq: ").append(req.header("CSeq")).append('\n')
                .append("Contact: <sip:bob@127.0.0.1:15065>\n");
        if (body != null) {
            b.append("Content-Type: application/sdp\n\n").append(body);
        }
        return b.toString();
    }

    private <T extends CallEvent> T awaitEvent(Class<T> type) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (CallEvent e : app.events) {
                if (type.isInstance(e)) {
                    return type.cast(e);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + app.events);
    }

    @Test
    void placedCallRingsIsAnsweredAckedAndHungUpWithBye() throws Exception {
        String id = place();
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 2000);
        assertNotNull(invite);
        assertEquals("yes", invite.header("X-Test"));
        assertTrue(invite.body().contains("m=audio 30000"));
        peer.send(response(invite, 180, "Ringing", "bobtag", null));
        assertEquals(CallState.RINGING, awaitEvent(CallEvent.Ringing.class).call().state());
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER));
        SipTestPeer.Msg ack = peer.expectRequest("ACK", 2000);
        assertNotNull(ack);
        assertTrue(ack.header("To").contains("tag=bobtag"));
        awaitEvent(CallEvent.Answered.class);
        awaitEvent(CallEvent.Confirmed.class);
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER)); // retransmitted 2xx: ACK again
        assertNotNull(peer.expectRequest("ACK", 2000));

        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 2000);
        assertNotNull(bye);
        assertTrue(bye.header("CSeq").startsWith("2 BYE"));
        assertEquals("sip:bob@127.0.0.1:15065", bye.requestUri());
        peer.send(response(bye, 200, "OK", null, null));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.LOCAL_HANGUP, ended.reason());
    }

    @Test
    void busyEndsTheCallRejectedWithTheCode() throws Exception {
        place();
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 2000);
        peer.send(response(invite, 486, "Busy Here", "bobtag", null));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.REJECTED, ended.reason());
        assertEquals(486, ended.sipCode());
        assertNotNull(peer.expectRequest("ACK", 2000), "the stack ACKs the non-2xx");
    }

    @Test
    void hangUpWhileRingingCancels() throws Exception {
        String id = place();
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 2000);
        peer.send(response(invite, 180, "Ringing", "bobtag", null));
        awaitEvent(CallEvent.Ringing.class);
        engine.hangUp(id);
        SipTestPeer.Msg cancel = peer.expectRequest("CANCEL", 2000);
        assertNotNull(cancel);
        peer.send(response(cancel, 200, "OK", "bobtag", null));
        peer.send(response(invite, 487, "Request Terminated", "bobtag", null));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.LOCAL_HANGUP, ended.reason());
        assertEquals(487, ended.sipCode());
    }

    @Test
    void hangUpBeforeAnyProvisionalResponseWaitsForOneThenCancels() throws Exception {
        String id = place();
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 2000);
        assertNotNull(invite);
        engine.hangUp(id);
        assertTrue(engine.store().find(id).orElseThrow().hangUpPending(), "the CANCEL waits, noted in the record");
        assertNull(peer.expectRequest("CANCEL", 300), "no CANCEL before a provisional response (RFC 3261 9.1)");
        peer.send(response(invite, 100, "Trying", null, null));
        SipTestPeer.Msg cancel = peer.expectRequest("CANCEL", 2000);
        assertNotNull(cancel, "CANCEL once the 100 came");
        assertEquals(branch(invite), branch(cancel));
        assertTrue(cancel.header("CSeq").startsWith("1 CANCEL"));
        assertFalse(engine.store().find(id).orElseThrow().hangUpPending());
        peer.send(response(cancel, 200, "OK", "bobtag", null));
        peer.send(response(invite, 487, "Request Terminated", "bobtag", null));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.LOCAL_HANGUP, ended.reason());
        assertEquals(487, ended.sipCode());
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.Ringing), "no ringing after hang-up");
    }

    @Test
    void finalAnswerBeforeAnyProvisionalEndsAPendingCancelWithoutOne() throws Exception {
        String id = place();
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 2000);
        engine.hangUp(id);
        peer.send(response(invite, 486, "Busy Here", "bobtag", null));
        CallEvent.Ended ended = awaitEvent(CallEvent.Ended.class);
        assertEquals(EndReason.LOCAL_HANGUP, ended.reason());
        assertEquals(486, ended.sipCode());
        assertNull(peer.expectRequest("CANCEL", 300), "nothing left to cancel");
    }

    private static String branch(SipTestPeer.Msg m) {
        String via = m.header("Via");
        return via.substring(via.indexOf("branch=") + 7).split("[;,\\s]")[0];
    }

    @Test
    void twoHundredCrossingOurCancelIsAckedThenByed() throws Exception {
        String id = place();
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 2000);
        peer.send(response(invite, 180, "Ringing", "bobtag", null));
        awaitEvent(CallEvent.Ringing.class);
        engine.hangUp(id);
        assertNotNull(peer.expectRequest("CANCEL", 2000));
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER));
        assertNotNull(peer.expectRequest("ACK", 2000));
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 2000);
        assertNotNull(bye);
        peer.send(response(bye, 200, "OK", null, null));
        assertEquals(EndReason.LOCAL_HANGUP, awaitEvent(CallEvent.Ended.class).reason());
    }

    @Test
    void commandsForUnknownCallsOrBadUrisAreRefusedAtOnce() throws Exception {
        place();
        assertNotNull(peer.expectRequest("INVITE", 2000));
        // Timer B is 64*T1 of JAIN-SIP (500 ms): 32 s; too long for a unit test, so only the command
        // side is checked here: an unknown call and a bad URI are refused at once.
        assertEquals(CallControlException.Reason.UNKNOWN_CALL,
                assertThrows(CallControlException.class, () -> engine.hangUp("nope")).reason());
        assertEquals(CallControlException.Reason.BAD_ARGUMENT, assertThrows(CallControlException.class,
                () -> engine.placeCall(new OutboundCallRequest("caller", "sip:a@b", "tel:123", null, null))).reason());
    }
}
