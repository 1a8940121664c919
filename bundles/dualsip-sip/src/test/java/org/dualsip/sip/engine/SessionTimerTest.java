package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.record.SessionTimer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4028 session timers in both roles, over real SIP: the engine on 127.0.0.52:16010 with a 6 s
 * interval and a 2 s Min-SE (the configuration refuses less than 90 s; the engine takes any value, so
 * the tests run in seconds), the far end a raw UDP peer on 127.0.0.53:16011. With 6 s the refresher
 * refreshes at 3 s and the other side ends the session at 4 s.
 */
class SessionTimerTest {

    static final String HOST = "127.0.0.52";
    static final int PORT = 16010;
    static final String PEER_HOST = "127.0.0.53";
    static final int PEER_PORT = 16011;
    static final String PEER = PEER_HOST + ":" + PEER_PORT;
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000)
                .withSessionTimer(6, 2);
        engine = new CallEngine("timers", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "timer-app", "sip:.*", 0, 1);
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
        peer.onlyCallId = d.callId;
        app.forget();
        app.autoAnswer = true;
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private <T extends CallEvent> T await(Class<T> type) throws InterruptedException {
        return app.await(type, null, 8000);
    }

    private String inviteWith(String headers) {
        return d.request("INVITE", d.uri(), d.inviteBranch, 1, false, headers, Dialogs.OFFER);
    }

    /** A call the peer places with these headers, answered and ACKed; returns the 200. */
    private SipTestPeer.Msg confirmed(String headers) throws Exception {
        peer.send(inviteWith(headers));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok, "200 to the INVITE");
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        await(CallEvent.Confirmed.class);
        return ok;
    }

    private void hangUp(long cseq) throws Exception {
        peer.send(d.inDialog("BYE", cseq, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }

    @Test
    void inviteAskingLessThanOurMinSeGets422WithMinSeAndNoCall() throws Exception {
        peer.send(inviteWith("Supported: timer\nSession-Expires: 1"));
        SipTestPeer.Msg tooSmall = peer.expectStatus(422, "INVITE", 3000);
        assertNotNull(tooSmall);
        assertEquals("2", tooSmall.header("Min-SE"));
        Thread.sleep(200);
        assertTrue(app.events.isEmpty(), "no call offered: " + app.events);
    }

    @Test
    void uasRefresherSendsOneRefreshAtHalfTheIntervalAndTheCallGoesOn() throws Exception {
        SipTestPeer.Msg ok = confirmed("Supported: timer\nSession-Expires: 6;refresher=uas");
        assertEquals("6;refresher=uas", ok.header("Session-Expires"));
        assertEquals("timer", ok.header("Require"));
        long answeredAt = System.currentTimeMillis();
        SipTestPeer.Msg refresh = peer.expectRequest("INVITE", 6000);
        assertNotNull(refresh, "our refresh re-INVITE");
        long after = System.currentTimeMillis() - answeredAt;
        assertTrue(after >= 2500, "refresh at half the interval, not after " + after + " ms");
        assertEquals(ok.body(), refresh.body(), "a refresh repeats our SDP");
        assertTrue(refresh.header("Session-Expires").startsWith("6"), refresh.header("Session-Expires"));
        peer.send(PairTakeoverTest.responseTo(refresh, 200, "OK")
                + "Contact: <sip:alice@" + PEER_HOST + ":" + PEER_PORT + ">\nSession-Expires: 6;refresher=uac\n"
                + "Content-Type: application/sdp\n\n" + Dialogs.OFFER);
        assertNotNull(peer.expectRequest("ACK", 3000), "the refresh's 2xx is ACKed");
        assertNull(peer.expectRequest("BYE", 1500), "no BYE: the session was refreshed");
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.ReofferAnswered),
                "the refresh is not the application's: " + app.events);
        hangUp(2);
    }

    @Test
    void refreshIsABodilessUpdateWhenTheFarEndAllowsUpdate() throws Exception {
        confirmed("Supported: timer\nAllow: INVITE, ACK, BYE, CANCEL, UPDATE\nSession-Expires: 6;refresher=uas");
        SipTestPeer.Msg refresh = peer.expectRequest("UPDATE", 6000);
        assertNotNull(refresh, "our refresh UPDATE");
        assertEquals("", refresh.body());
        peer.send(PairTakeoverTest.responseTo(refresh, 200, "OK") + "Session-Expires: 6;refresher=uac\n");
        assertNull(peer.expectRequest("BYE", 1500));
        hangUp(2);
    }

    @Test
    void anEndedCallLeavesNoSessionTimerQueued() throws Exception {
        java.util.concurrent.BlockingQueue<Runnable> queue =
                ((java.util.concurrent.ScheduledThreadPoolExecutor) engine.timers()).getQueue();
        confirmed("Supported: timer\nSession-Expires: 6;refresher=uas");
        CallSession s = engine.session(engine.store().findBySipCallId(d.callId).orElseThrow().id());
        Object tick = s.sessionTick;
        assertNotNull(tick, "the refresh is scheduled");
        assertTrue(queue.contains(tick), "and queued");
        hangUp(2);
        await(CallEvent.Ended.class);
        // without removal on cancel the dead tick stays queued for its whole interval (900 s by
        // default): one per ended call, rate x interval of them
        assertFalse(queue.contains(tick), "the cancelled refresh left the queue with the call");
    }

    @Test
    void sessionNotRefreshedByTheFarEndEndsWithByeAndAReason() throws Exception {
        SipTestPeer.Msg ok = confirmed("Supported: timer\nSession-Expires: 6");
        assertEquals("6;refresher=uac", ok.header("Session-Expires"), "the UAC supports timers: it refreshes");
        long answeredAt = System.currentTimeMillis();
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 8000);
        assertNotNull(bye, "BYE when the session expires");
        long after = System.currentTimeMillis() - answeredAt;
        assertTrue(after >= 3500, "expiry at interval minus a third, not after " + after + " ms");
        assertTrue(bye.header("Reason").contains("cause=408"), bye.header("Reason"));
        CallEvent.Ended ended = await(CallEvent.Ended.class);
        assertEquals(EndReason.SESSION_EXPIRED, ended.reason());
    }

    @Test
    void farEndsRefreshIsAnsweredByTheEngineAndPostponesTheExpiry() throws Exception {
        confirmed("Supported: timer\nSession-Expires: 6;refresher=uac");
        Thread.sleep(2000);
        peer.send(d.request("INVITE", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, true,
                "Supported: timer\nSession-Expires: 6;refresher=uac", Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok, "the refresh is answered");
        assertEquals("6;refresher=uac", ok.header("Session-Expires"));
        assertTrue(ok.body().contains("m=audio 40000"), "with our current SDP");
        peer.send(d.ack(2));
        // first expiry was at ~4 s from the answer; the refresh at ~2 s moved it to ~6 s
        assertNull(peer.expectRequest("BYE", 2800), "no BYE: refreshed");
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.ReofferReceived),
                "a pure refresh does not reach the application");
        hangUp(3);
    }

    @Test
    void refreshAskingLessThanOurMinSeGets422AndTheCallIsKept() throws Exception {
        confirmed("Supported: timer\nSession-Expires: 6;refresher=uac");
        peer.send(d.request("UPDATE", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, true,
                "Supported: timer\nSession-Expires: 1", null));
        SipTestPeer.Msg tooSmall = peer.expectStatus(422, "UPDATE", 3000);
        assertNotNull(tooSmall);
        assertEquals("2", tooSmall.header("Min-SE"));
        peer.send(d.request("UPDATE", d.uri(), "z9hG4bK" + SipTestPeer.id(), 3, true,
                "Supported: timer\nSession-Expires: 6;refresher=uac", null));
        assertNotNull(peer.expectStatus(200, "UPDATE", 3000), "the call is still there");
        hangUp(4);
    }

    @Test
    void holdReInviteInATimedCallStillGoesToTheApplication() throws Exception {
        confirmed("Supported: timer\nSession-Expires: 6;refresher=uac");
        String hold = Dialogs.OFFER.replace("o=peer 1 1", "o=peer 1 2") + "a=sendonly\n";
        peer.send(d.request("INVITE", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, true,
                "Supported: timer\nSession-Expires: 6;refresher=uac", hold));
        CallEvent.ReofferReceived re = await(CallEvent.ReofferReceived.class);
        assertTrue(re.sdp().contains("a=sendonly"));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        assertEquals("6;refresher=uac", ok.header("Session-Expires"), "its 2xx refreshes the session too");
        peer.send(d.ack(2));
        hangUp(3);
    }

    // ---- the engine as UAC ------------------------------------------------------------------------

    @Test
    void ourInviteAsksForTimersRetriesA422WithTheLargerMinSeAndRefreshesAsUac() throws Exception {
        String id = engine.placeCall(new OutboundCallRequest("timer-app", "sip:service@" + HOST,
                "sip:bob@" + PEER_HOST + ":" + PEER_PORT, Dialogs.OFFER, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        assertEquals("6", invite.header("Session-Expires"));
        assertEquals("2", invite.header("Min-SE"));
        assertTrue(invite.header("Supported").contains("timer"));
        peer.send(LateOfferTest.response(invite, 422, "Session Interval Too Small", "t422", null, PEER) .replace(
                "Contact:", "Min-SE: 8\nContact:"));
        SipTestPeer.Msg retry = peer.expectRequest("INVITE", 3000);
        assertNotNull(retry, "INVITE again after 422");
        assertEquals("8", retry.header("Session-Expires"));
        assertEquals("8", retry.header("Min-SE"));
        assertTrue(retry.header("CSeq").startsWith("2 "), retry.header("CSeq"));
        assertFalse(retry.header("Via").equals(invite.header("Via")), "a new transaction");
        peer.send(LateOfferTest.response(retry, 200, "OK", "bobtag", Dialogs.OFFER, PEER)
                .replace("Contact:", "Session-Expires: 8;refresher=uac\nAllow: INVITE, ACK, BYE, UPDATE\nContact:"));
        // (the 422's ACK came first, from the INVITE transaction)
        assertNotNull(peer.expect(m -> "ACK".equals(m.method()) && m.header("CSeq").startsWith("2 "), 3000));
        SessionTimer t = engine.store().find(id).orElseThrow().sessionTimer();
        assertTrue(t.running() && t.localRefresher() && t.peerAllowsUpdate(), String.valueOf(t));
        SipTestPeer.Msg refresh = peer.expectRequest("UPDATE", 7000);
        assertNotNull(refresh, "our refresh as the UAC refresher, at half of 8 s");
        assertEquals("8;refresher=uac", refresh.header("Session-Expires"));
        peer.send(PairTakeoverTest.responseTo(refresh, 200, "OK") + "Session-Expires: 8;refresher=uac\n");
        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
        assertEquals(EndReason.LOCAL_HANGUP, await(CallEvent.Ended.class).reason());
    }

    @Test
    void a2xxWithoutSessionExpiresTurnsTheTimerOff() throws Exception {
        String id = engine.placeCall(new OutboundCallRequest("timer-app", "sip:service@" + HOST,
                "sip:bob@" + PEER_HOST + ":" + PEER_PORT, Dialogs.OFFER, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", Dialogs.OFFER, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        await(CallEvent.Confirmed.class);
        assertNull(engine.store().find(id).orElseThrow().sessionTimer());
        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
    }
}
