package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Late offer (RFC 3261 13.2.1, 13.3.1.4) in both roles, over real SIP: the engine on 127.0.0.50:16000,
 * the far end a raw UDP peer on 127.0.0.51:16001.
 */
class LateOfferTest {

    static final String HOST = "127.0.0.50";
    static final int PORT = 16000;
    static final String PEER_HOST = "127.0.0.51";
    static final int PEER_PORT = 16001;
    static CallEngine engine;
    static LateApp app;
    SipTestPeer peer;
    Dialogs d;

    /** Answers inbound calls like AutoAnswerApplication, and the far end's offer of an outbound late-offer call. */
    static final class LateApp extends AutoAnswerApplication {
        volatile boolean answerOutbound = true;

        LateApp(CallEngine engine) {
            super(engine);
        }

        @Override
        public void onEvent(CallEvent event) {
            super.onEvent(event);
            if (!stale(event) && event instanceof CallEvent.Answered a && a.call().direction() == Direction.OUTBOUND
                    && a.call().state() == CallState.ANSWERED_WAITING_ACK && answerOutbound) {
                engine.answer(a.call().id(), SDP);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000)
                .withSessionTimer(0, 90);
        engine = new CallEngine("late", s);
        app = new LateApp(engine);
        engine.applications().add(app, "late-app", "sip:.*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @BeforeEach
    void peer() throws Exception {
        peer = new SipTestPeer(PEER_HOST, PEER_PORT, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        app.forget();
        app.autoAnswer = true;
        app.answerOutbound = true;
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private <T extends CallEvent> T await(Class<T> type) throws InterruptedException {
        return await(type, null);
    }

    /** The first event of that type (of that call, when an id is given) within 5 s. */
    private <T extends CallEvent> T await(Class<T> type, String callId) throws InterruptedException {
        return app.await(type, callId, 5000);
    }

    private String offerlessInvite() {
        return d.request("INVITE", d.uri(), d.inviteBranch, 1, false, null, null);
    }

    private SipTestPeer.Msg offerlessCallAnswered() throws Exception {
        peer.onlyCallId = d.callId;
        peer.send(offerlessInvite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok, "200 to the offerless INVITE");
        d.toTag = ok.toTag();
        return ok;
    }

    @Test
    void offerlessInviteGetsTheApplicationsOfferInThe200AndTheAnswerFromTheAck() throws Exception {
        SipTestPeer.Msg ok = offerlessCallAnswered();
        assertTrue(ok.body().contains("m=audio 40000"), "the application's SDP is the offer in the 200");
        assertNull(await(CallEvent.Offered.class).call().sdpOffer(), "offered without an offer");
        peer.send(d.request("ACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, true, null, Dialogs.OFFER));
        CallEvent.Confirmed confirmed = await(CallEvent.Confirmed.class);
        assertEquals(AutoAnswerApplication.SDP, confirmed.call().sdpOffer());
        assertEquals(Dialogs.OFFER.replace("\n", "\r\n"), confirmed.call().sdpAnswer(), "the ACK's answer");
        assertTrue(engine.store().find(confirmed.call().id()).orElseThrow().offerLocal());
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 2000));
    }

    @Test
    void ackWithoutTheAnswerEndsTheCallWithByeAndAReason() throws Exception {
        offerlessCallAnswered();
        peer.send(d.ack(1));
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye, "BYE after an ACK without answer");
        assertTrue(bye.header("Reason").contains("cause=488"), bye.header("Reason"));
        assertEquals(d.fromTag, bye.toTag());
        CallEvent.Ended ended = await(CallEvent.Ended.class); // told when the BYE is decided
        assertEquals(EndReason.SDP_NEGOTIATION_FAILED, ended.reason());
        String id = ended.call().id();
        assertEquals(CallState.TERMINATING, engine.find(id).orElseThrow().state(), "until the BYE is answered");
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
        for (int i = 0; i < 300 && engine.find(id).orElseThrow().state() != CallState.ENDED; i++) {
            Thread.sleep(10);
        }
        assertEquals(CallState.ENDED, engine.find(id).orElseThrow().state());
        assertEquals(1, app.events.stream().filter(e -> e instanceof CallEvent.Ended).count(), "one Ended");
    }

    @Test
    void lateOfferRefusesEarlySdpInARingAndAnAnswerWithoutOffer() throws Exception {
        app.autoAnswer = false;
        peer.onlyCallId = d.callId;
        peer.send(offerlessInvite());
        String id = await(CallEvent.Offered.class).call().id();
        CallControlException ring = assertThrows(CallControlException.class,
                () -> engine.ring(id, 183, AutoAnswerApplication.SDP));
        assertEquals(CallControlException.Reason.BAD_ARGUMENT, ring.reason());
        assertThrows(CallControlException.class, () -> engine.answer(id, null));
        assertEquals(CallState.OFFERED, engine.find(id).orElseThrow().state(), "the call is left as it was");
        engine.reject(id, 486, null);
        assertNotNull(peer.expectStatus(486, "INVITE", 2000));
    }

    /**
     * Our INVITE; from then on the peer sees only this call's messages (an earlier test's BYE may
     * still be retransmitted to the same port).
     */
    private SipTestPeer.Msg expectOurInvite() throws Exception {
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.onlyCallId = invite.header("Call-ID");
        return invite;
    }

    private String placeLate() {
        return engine.placeCall(new OutboundCallRequest("late-app", "sip:service@" + HOST,
                "sip:bob@" + PEER_HOST + ":" + PEER_PORT, null, Map.of()));
    }

    static String response(SipTestPeer.Msg req, int code, String phrase, String toTag, String body) {
        return response(req, code, phrase, toTag, body, PEER_HOST + ":" + PEER_PORT);
    }

    /** A response of the far end, whose Contact is {@code sip:bob@contact}. */
    static String response(SipTestPeer.Msg req, int code, String phrase, String toTag, String body, String contact) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(phrase).append('\n');
        for (String via : req.headers().get("via")) {
            b.append("Via: ").append(via).append('\n');
        }
        String to = req.header("To");
        b.append("From: ").append(req.header("From")).append('\n')
                .append("To: ").append(to).append(toTag != null && !to.contains("tag=") ? ";tag=" + toTag : "").append('\n')
                .append("Call-ID: ").append(req.header("Call-ID")).append('\n')
                .append("CSeq: ").append(req.header("CSeq")).append('\n')
                .append("Contact: <sip:bob@").append(contact).append(">\n");
        if (body != null) {
            b.append("Content-Type: application/sdp\n\n").append(body);
        }
        return b.toString();
    }

    @Test
    void outboundLateOfferAcksTheFarEndsOfferWithTheApplicationsAnswer() throws Exception {
        String id = placeLate();
        SipTestPeer.Msg invite = expectOurInvite();
        assertEquals("", invite.body(), "no SDP in a late-offer INVITE");
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER));
        SipTestPeer.Msg ack = peer.expectRequest("ACK", 3000);
        assertNotNull(ack);
        assertTrue(ack.body().contains("m=audio 40000"), "the application's answer in the ACK: " + ack.raw());
        CallEvent.Answered answered = await(CallEvent.Answered.class);
        assertEquals(Dialogs.OFFER.replace("\n", "\r\n"), answered.call().sdpOffer(), "the far end's offer");
        assertNull(answered.call().sdpAnswer());
        CallEvent.Confirmed confirmed = await(CallEvent.Confirmed.class);
        assertEquals(AutoAnswerApplication.SDP, confirmed.call().sdpAnswer());
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER)); // retransmitted: ACK again, with the answer
        SipTestPeer.Msg again = peer.expectRequest("ACK", 3000);
        assertNotNull(again);
        assertTrue(again.body().contains("m=audio 40000"));
        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(response(bye, 200, "OK", null, null));
        assertEquals(EndReason.LOCAL_HANGUP, await(CallEvent.Ended.class).reason());
    }

    @Test
    void outboundLateOfferWhose2xxHasNoOfferIsAckedAndEndedWithAReason() throws Exception {
        placeLate();
        SipTestPeer.Msg invite = expectOurInvite();
        peer.send(response(invite, 200, "OK", "bobtag", null));
        SipTestPeer.Msg ack = peer.expectRequest("ACK", 3000);
        assertNotNull(ack);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        assertTrue(bye.header("Reason").contains("cause=488"), bye.header("Reason"));
        peer.send(response(bye, 200, "OK", null, null)); // no BYE retransmissions into the next test
        assertEquals(EndReason.SDP_NEGOTIATION_FAILED, await(CallEvent.Ended.class).reason());
    }

    @Test
    void outboundLateOfferWithoutTheApplicationsAnswerEndsAfter64T1() throws Exception {
        app.answerOutbound = false;
        String id = placeLate();
        SipTestPeer.Msg invite = expectOurInvite();
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER));
        await(CallEvent.Answered.class);
        assertEquals(CallState.ANSWERED_WAITING_ACK, engine.find(id).orElseThrow().state());
        // 64*T1 = 3.2 s here: the ACK (without answer) and a BYE with a Reason follow
        SipTestPeer.Msg ack = peer.expectRequest("ACK", 8000);
        assertNotNull(ack);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        assertTrue(bye.header("Reason").contains("cause=488"));
        peer.send(response(bye, 200, "OK", null, null)); // no BYE retransmissions into the next test
        assertEquals(EndReason.SDP_NEGOTIATION_FAILED, await(CallEvent.Ended.class).reason());
    }

    @Test
    void hangUpOfAnOutboundLateOfferAwaitingItsAnswerAcksThenSendsBye() throws Exception {
        app.answerOutbound = false;
        String id = placeLate();
        SipTestPeer.Msg invite = expectOurInvite();
        peer.send(response(invite, 200, "OK", "bobtag", Dialogs.OFFER));
        await(CallEvent.Answered.class);
        engine.hangUp(id);
        assertNotNull(peer.expectRequest("ACK", 3000));
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(response(bye, 200, "OK", null, null));
        assertEquals(EndReason.LOCAL_HANGUP, await(CallEvent.Ended.class, id).reason());
    }
}
