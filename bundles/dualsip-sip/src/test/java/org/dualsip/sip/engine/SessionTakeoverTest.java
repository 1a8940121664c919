package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session timers and late offers across a switchover, with two engines in one JVM (A active, B
 * passive mirroring A, then the other way round) sharing the service address 127.0.0.54:16020; the
 * far end a raw UDP peer on 127.0.0.55:16021. Session interval 6 s: refresh at 3 s, expiry at 4 s.
 */
class SessionTakeoverTest {

    static final String HOST = "127.0.0.54";
    static final int PORT = 16020;
    static final String PEER_HOST = "127.0.0.55";
    static final int PEER_PORT = 16021;
    static final String PEER = PEER_HOST + ":" + PEER_PORT;

    EnginePair pair;
    CallEngine a;
    CallEngine b;
    AutoAnswerApplication appA;
    AutoAnswerApplication appB;
    SipTestPeer peer;
    Dialogs d;

    @BeforeEach
    void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000)
                .withSessionTimer(6, 2);
        pair = new EnginePair(s, HOST, PORT);
        a = pair.a;
        b = pair.b;
        appA = new AutoAnswerApplication(a);
        appB = new AutoAnswerApplication(b);
        a.applications().add(appA, "app", ".*", 0, 1);
        b.applications().add(appB, "app", ".*", 0, 1);
        pair.startWithAActive();
        peer = new SipTestPeer(PEER_HOST, PEER_PORT, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
    }

    @AfterEach
    void stop() {
        peer.close();
        pair.stop();
    }

    /** A graceful switchover: A demoted (silent, timers cancelled), B active, replication B to A. */
    private void switchOver() throws Exception {
        pair.switchOver();
    }

    private static <T extends CallEvent> T await(AutoAnswerApplication app, Class<T> type) throws InterruptedException {
        for (int i = 0; i < 800; i++) {
            for (CallEvent e : app.events) {
                if (type.isInstance(e)) {
                    return type.cast(e);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + app.events);
    }

    private static void awaitMirrored(CallEngine e, String id, CallState state) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (e.store().find(id).map(r -> r.state() == state).orElse(false)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("call " + id + " never " + state + " on " + e.status().node());
    }

    private String confirmedOnA(String sessionHeaders) throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, sessionHeaders, Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = await(appA, CallEvent.Confirmed.class).call().id();
        awaitMirrored(b, id, CallState.CONFIRMED);
        return id;
    }

    private boolean passiveHoldsNoSessionTimer(CallEngine e) {
        for (CallSession s : e.sessions()) {
            synchronized (s) {
                if (s.sessionTick != null) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void theRefreshAfterASwitchoverIsSentOnceByTheNewActive() throws Exception {
        String id = confirmedOnA("Supported: timer\nSession-Expires: 6;refresher=uas");
        switchOver();
        assertTrue(passiveHoldsNoSessionTimer(a), "the demoted node holds no session timer");
        SipTestPeer.Msg refresh = peer.expectRequest("INVITE", 6000);
        assertNotNull(refresh, "the refresh, by the new active");
        long cseq = Long.parseLong(refresh.header("CSeq").split(" ")[0]);
        assertTrue(cseq > CallResumption.CSEQ_MARGIN, "sent by the new active (CSeq raised on takeover): " + cseq);
        peer.send(PairTakeoverTest.responseTo(refresh, 200, "OK") + "Contact: <sip:alice@" + PEER + ">\n"
                + "Session-Expires: 6;refresher=uac\nContent-Type: application/sdp\n\n" + Dialogs.OFFER);
        assertNotNull(peer.expectRequest("ACK", 3000));
        assertNull(peer.expectRequest("INVITE", 2000), "one refresh, not two");
        CallRecord onB = b.store().find(id).orElseThrow();
        assertEquals(0, onB.sessionTimer().refreshCSeq(), "the refresh is complete in the record");
        assertEquals(onB.sessionTimer(), a.store().find(id).orElseThrow().sessionTimer(), "and replicated");
        assertTrue(passiveHoldsNoSessionTimer(a), "a passive never arms one from a mirrored record");
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }

    @Test
    void aSessionNotRefreshedIsEndedOnceByTheNewActive() throws Exception {
        String id = confirmedOnA("Supported: timer\nSession-Expires: 6;refresher=uac");
        switchOver();
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 7000);
        assertNotNull(bye, "BYE at the expiry, from the new active");
        assertTrue(bye.header("Reason").contains("cause=408"));
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
        String via = bye.header("Via");
        assertNull(peer.expect(m -> "BYE".equals(m.method()) && !via.equals(m.header("Via")), 1500),
                "one BYE (retransmissions of it aside)");
        assertEquals(EndReason.SESSION_EXPIRED, await(appB, CallEvent.Ended.class).reason());
        assertTrue(appA.events.stream().noneMatch(e -> e instanceof CallEvent.Ended), "nothing from the passive");
        assertEquals(CallState.ENDED, b.store().find(id).orElseThrow().state());
    }

    @Test
    void anInboundLateOfferAwaitingItsAckGetsTheOfferAgainAndItsAnswerFromTheNewActive() throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, null, null));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        String id = await(appA, CallEvent.Answered.class).call().id();
        awaitMirrored(b, id, CallState.ANSWERED_WAITING_ACK);
        switchOver();
        peer.clear();
        SipTestPeer.Msg again = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(again, "the 200 with our offer, from the new active");
        assertEquals(ok.body(), again.body());
        peer.send(d.request("ACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, true, null, Dialogs.OFFER));
        CallEvent.Confirmed confirmed = await(appB, CallEvent.Confirmed.class);
        assertEquals(Dialogs.OFFER.replace("\n", "\r\n"), confirmed.call().sdpAnswer());
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }

    @Test
    void anOutboundLateOfferIsAnsweredThroughTheNewActive() throws Exception {
        String id = a.placeCall(new OutboundCallRequest("app", "sip:service@" + HOST, "sip:bob@" + PEER, null, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", Dialogs.OFFER, PEER));
        await(appA, CallEvent.Answered.class); // A's application does not answer it
        awaitMirrored(b, id, CallState.ANSWERED_WAITING_ACK);
        switchOver();
        CallEvent.Answered askedAgain = await(appB, CallEvent.Answered.class);
        assertEquals(Dialogs.OFFER.replace("\n", "\r\n"), askedAgain.call().sdpOffer());
        b.answer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ack = peer.expectRequest("ACK", 3000);
        assertNotNull(ack);
        assertTrue(ack.body().contains("m=audio 40000"), "the answer in the ACK from the new active");
        await(appB, CallEvent.Confirmed.class);
    }

    @Test
    void aReliableProvisionalAwaitingItsPrackIsResentByTheNewActiveWhichThenSendsTheHeldAnswer() throws Exception {
        appA.autoAnswer = false;
        appB.autoAnswer = false;
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, "Supported: 100rel", Dialogs.OFFER));
        String id = await(appA, CallEvent.Offered.class).call().id();
        a.ring(id, 183, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ringing = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(ringing);
        String rseq = ringing.header("RSeq");
        d.toTag = ringing.toTag();
        a.answer(id, AutoAnswerApplication.SDP); // held until the PRACK
        for (int i = 0; i < 300 && !b.store().find(id).map(r -> r.prack().answerHeld()).orElse(false); i++) {
            Thread.sleep(10);
        }
        assertTrue(b.store().find(id).orElseThrow().prack().answerHeld(), "the held answer is mirrored");
        switchOver();
        peer.clear();
        SipTestPeer.Msg again = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(again, "the new active sends the provisional again");
        assertEquals(rseq, again.header("RSeq"), "with the same RSeq");
        peer.send(d.request("PRACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, true, "RAck: " + rseq + " 1 INVITE", null));
        assertNotNull(peer.expectStatus(200, "PRACK", 3000));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok, "the answer held at the old active goes from the new one");
        assertTrue(ok.body().contains("m=audio 40000"));
        peer.send(d.ack(1));
        await(appB, CallEvent.Confirmed.class);
        peer.send(d.inDialog("BYE", 3, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }
}
