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
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The call's one offer/answer state machine over real SIP: UPDATE in early dialogs in both roles, glare
 * (crossing re-INVITEs, re-INVITE against UPDATE) answered 491, our 491'd offers retried after RFC 3261
 * 14.1's random time, a second far-end offer while one is pending answered 500 + Retry-After. The engine
 * on 127.0.0.72:16072, the far end a raw UDP peer on 127.0.0.73:16073. T1 is 50 ms.
 */
class OfferAnswerTest {

    static final String HOST = "127.0.0.72";
    static final int PORT = 16072;
    static final String PEER_HOST = "127.0.0.73";
    static final int PEER_PORT = 16073;
    static final String PEER = PEER_HOST + ":" + PEER_PORT;
    static final String EARLY = "v=0\no=peer 2 2 IN IP4 127.0.0.73\ns=-\nc=IN IP4 127.0.0.73\nt=0 0\nm=audio 30002 RTP/AVP 0\n";
    static final String NEW_OFFER = "v=0\no=peer 1 2 IN IP4 127.0.0.73\ns=-\nc=IN IP4 127.0.0.73\nt=0 0\nm=audio 30004 RTP/AVP 0\n";
    static final String OUR_OFFER = "v=0\r\no=dualsip 1 2 IN IP4 127.0.0.10\r\ns=-\r\nc=IN IP4 127.0.0.10\r\n"
            + "t=0 0\r\nm=audio 40002 RTP/AVP 0\r\na=sendonly\r\n";
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        engine = new CallEngine("offer-answer", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "oa-app", "sip:.*", 0, 1);
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
        return app.await(type, null, 6000);
    }

    /** An inbound call confirmed (INVITE, 200, ACK); the application then stops answering on its own. */
    private String confirmedInbound() throws Exception {
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = await(CallEvent.Confirmed.class).call().id();
        app.autoAnswer = false;
        return id;
    }

    /** An outbound call placed by the application and confirmed by the peer (we own its Call-ID). */
    private String confirmedOutbound() throws Exception {
        String id = engine.placeCall(new OutboundCallRequest("oa-app", "sip:service@" + HOST, "sip:bob@" + PEER,
                Dialogs.OFFER, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.onlyCallId = invite.header("Call-ID");
        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", EARLY, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        await(CallEvent.Confirmed.class);
        app.autoAnswer = false;
        return id;
    }

    /** Our request with this method and a CSeq number other than {@code not} (JAIN-SIP resends the first). */
    private SipTestPeer.Msg ourRequest(String method, long not, long millis) throws Exception {
        return peer.expect(m -> method.equals(m.method()) && cseq(m) != not
                && (peer.onlyCallId == null || peer.onlyCallId.equals(m.header("Call-ID"))), millis);
    }

    private static long cseq(SipTestPeer.Msg m) {
        return Long.parseLong(m.header("CSeq").trim().split("\\s+")[0]);
    }

    private SipTestPeer.Msg ackOf(long cseq) throws Exception {
        return peer.expect(m -> "ACK".equals(m.method()) && cseq(m) == cseq, 3000);
    }

    private void hangUpAndAnswerBye(String id) throws Exception {
        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
    }

    private long reofferAnsweredCount() {
        return app.events.stream().filter(e -> e instanceof CallEvent.ReofferAnswered).count();
    }

    // ---- UPDATE in early dialogs ------------------------------------------------------------------

    @Test
    void farEndsEarlyUpdateAfterAReliable183IsTheApplicationsToAnswer() throws Exception {
        app.autoAnswer = false;
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, "Require: 100rel", Dialogs.OFFER));
        String id = await(CallEvent.Offered.class).call().id();
        engine.ring(id, 180, null);
        SipTestPeer.Msg ringing = peer.expectStatus(180, "INVITE", 3000);
        assertNotNull(ringing);
        d.toTag = ringing.toTag();
        long rseq = Long.parseLong(ringing.header("RSeq"));
        peer.send(d.inDialog("UPDATE", 2, NEW_OFFER));
        SipTestPeer.Msg notYet = peer.expectStatus(500, "UPDATE", 3000);
        assertNotNull(notYet, "the INVITE's own offer is still unanswered: 500 (RFC 3311 5.2)");
        assertNotNull(notYet.header("Retry-After"));
        peer.send(d.request("PRACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 3, true, "RAck: " + rseq + " 1 INVITE", null));
        assertNotNull(peer.expectStatus(200, "PRACK", 3000));

        engine.ring(id, 183, AutoAnswerApplication.SDP); // the answer, reliably: the offer/answer is complete
        SipTestPeer.Msg progress = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(progress);
        peer.send(d.request("PRACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 4, true,
                "RAck: " + progress.header("RSeq") + " 1 INVITE", null));
        assertNotNull(peer.expectStatus(200, "PRACK", 3000));
        assertEquals(OfferAnswer.Phase.STABLE, engine.store().find(id).orElseThrow().offerAnswer().phase());

        peer.send(d.inDialog("UPDATE", 5, NEW_OFFER));
        CallEvent.ReofferReceived update = await(CallEvent.ReofferReceived.class);
        assertEquals("UPDATE", update.method());
        assertEquals(CallState.RINGING, update.call().state(), "in the early dialog");
        assertEquals(OfferAnswer.Phase.REMOTE_OFFER, engine.store().find(id).orElseThrow().offerAnswer().phase());
        assertThrows(CallControlException.class, () -> engine.update(id, OUR_OFFER),
                "no offer of ours while the far end's awaits our answer");
        engine.acceptReoffer(id, OUR_OFFER);
        SipTestPeer.Msg ok = peer.expectStatus(200, "UPDATE", 3000);
        assertNotNull(ok);
        assertTrue(ok.body().contains("m=audio 40002"), "the application's answer");
        assertNull(ok.header("Session-Expires"), "an early UPDATE does not start the session timer");

        engine.answer(id, OUR_OFFER);
        assertNotNull(peer.expectStatus(200, "INVITE", 3000));
        peer.send(d.ack(1));
        CallEvent.Confirmed confirmed = await(CallEvent.Confirmed.class);
        assertTrue(confirmed.call().sdpOffer().contains("m=audio 30004"), "the early UPDATE's offer is the session's");
        peer.send(d.inDialog("BYE", 6, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }

    @Test
    void serviceSendsAnEarlyUpdateOnceA100relAnswerCame() throws Exception {
        String id = engine.placeCall(new OutboundCallRequest("oa-app", "sip:service@" + HOST, "sip:bob@" + PEER,
                Dialogs.OFFER, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.onlyCallId = invite.header("Call-ID");
        peer.send(LateOfferTest.response(invite, 180, "Ringing", "bobtag", null, PEER));
        await(CallEvent.Ringing.class);
        assertThrows(CallControlException.class, () -> engine.update(id, OUR_OFFER),
                "our INVITE's offer is not answered yet: no UPDATE offer (RFC 3311 5.1)");
        assertThrows(CallControlException.class, () -> engine.reoffer(id, OUR_OFFER), "no re-INVITE in an early dialog");

        peer.send(LateOfferTest.response(invite, 183, "Session Progress", "bobtag", EARLY, PEER)
                .replace("Contact:", "Require: 100rel\nRSeq: 9\nContact:"));
        SipTestPeer.Msg prack = peer.expectRequest("PRACK", 3000);
        assertNotNull(prack);
        peer.send(PairTakeoverTest.responseTo(prack, 200, "OK"));
        engine.update(id, OUR_OFFER);
        SipTestPeer.Msg update = peer.expectRequest("UPDATE", 3000);
        assertNotNull(update, "an UPDATE in the early dialog");
        assertTrue(update.header("To").contains("tag=bobtag"));
        assertTrue(update.body().contains("m=audio 40002"));
        assertTrue(cseq(update) > cseq(prack), "a new CSeq after the PRACK's");
        assertThrows(CallControlException.class, () -> engine.update(id, OUR_OFFER), "one offer at a time");
        peer.send(LateOfferTest.response(update, 200, "OK", null, NEW_OFFER, PEER));
        CallEvent.ReofferAnswered answered = await(CallEvent.ReofferAnswered.class);
        assertEquals(200, answered.code());
        assertTrue(answered.sdp().contains("m=audio 30004"));
        assertEquals(CallState.RINGING, answered.call().state());

        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", EARLY, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        CallEvent.Confirmed confirmed = await(CallEvent.Confirmed.class);
        assertTrue(confirmed.call().sdpAnswer().contains("m=audio 30004"),
                "the UPDATE's answer stays the session's (the 2xx repeats the INVITE's)");
        hangUpAndAnswerBye(id);
    }

    @Test
    void theCalleeSideUpdatesTooTheServiceAsUasSendingTheCalleeAsUacReceiving() throws Exception {
        // inbound: the service (callee) sends an UPDATE in the early dialog after its reliable 183 + PRACK
        app.autoAnswer = false;
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, "Supported: 100rel", Dialogs.OFFER));
        String in = await(CallEvent.Offered.class).call().id();
        engine.ring(in, 183, AutoAnswerApplication.SDP);
        SipTestPeer.Msg progress = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(progress);
        d.toTag = progress.toTag();
        peer.send(d.request("PRACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, true,
                "RAck: " + progress.header("RSeq") + " 1 INVITE", null));
        assertNotNull(peer.expectStatus(200, "PRACK", 3000));
        engine.update(in, OUR_OFFER);
        SipTestPeer.Msg update = ourRequest("UPDATE", -1, 3000);
        assertNotNull(update, "the callee's UPDATE in the early dialog");
        assertTrue(update.requestUri().contains(PEER_HOST), "to the caller's Contact: " + update.requestUri());
        assertTrue(update.header("To").contains("tag=" + d.fromTag), "To: the caller, with its tag");
        peer.send(LateOfferTest.response(update, 200, "OK", null, NEW_OFFER, PEER));
        CallEvent.ReofferAnswered answered = await(CallEvent.ReofferAnswered.class);
        assertEquals(200, answered.code());
        assertEquals(CallState.RINGING, answered.call().state());
        engine.reject(in, 486, null);
        assertNotNull(peer.expectStatus(486, "INVITE", 3000));

        // outbound: the far end (callee) sends an UPDATE in the early dialog after its reliable 183
        peer.close();
        peer = new SipTestPeer(PEER_HOST, PEER_PORT, HOST, PORT);
        app.forget();
        app.autoAnswer = false;
        String out = engine.placeCall(new OutboundCallRequest("oa-app", "sip:service@" + HOST, "sip:bob@" + PEER,
                Dialogs.OFFER, Map.of()));
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.onlyCallId = invite.header("Call-ID");
        peer.send(LateOfferTest.response(invite, 183, "Session Progress", "bobtag", EARLY, PEER)
                .replace("Contact:", "Require: 100rel\nRSeq: 4\nContact:"));
        SipTestPeer.Msg prack = peer.expectRequest("PRACK", 3000);
        assertNotNull(prack);
        peer.send(PairTakeoverTest.responseTo(prack, 200, "OK"));
        String theirUpdate = "UPDATE sip:service@" + HOST + ":" + PORT + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP " + PEER + ";branch=z9hG4bK" + SipTestPeer.id() + "\n"
                + "From: " + invite.header("To") + ";tag=bobtag\n"
                + "To: " + invite.header("From") + "\n"
                + "Call-ID: " + invite.header("Call-ID") + "\nCSeq: 1 UPDATE\nMax-Forwards: 70\n"
                + "Contact: <sip:bob@" + PEER + ">\nContent-Type: application/sdp\n\n" + NEW_OFFER;
        peer.send(theirUpdate);
        CallEvent.ReofferReceived received = await(CallEvent.ReofferReceived.class);
        assertEquals("UPDATE", received.method());
        assertEquals(CallState.RINGING, received.call().state());
        engine.acceptReoffer(out, OUR_OFFER);
        SipTestPeer.Msg ok = peer.expectStatus(200, "UPDATE", 3000);
        assertNotNull(ok);
        assertTrue(ok.body().contains("m=audio 40002"));
        peer.send(LateOfferTest.response(invite, 486, "Busy Here", "bobtag", null, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        await(CallEvent.Ended.class);
    }

    // ---- glare ------------------------------------------------------------------------------------

    @Test
    void crossingReinvitesAre491AndOursGoesAgainWithinTwoSecondsWithANewCSeq() throws Exception {
        String id = confirmedInbound(); // the far end owns the Call-ID: our retry waits 0 to 2 s
        engine.reoffer(id, OUR_OFFER);
        SipTestPeer.Msg ours = ourRequest("INVITE", -1, 3000);
        assertNotNull(ours);
        assertThrows(CallControlException.class, () -> engine.reoffer(id, OUR_OFFER), "one offer at a time");
        assertThrows(CallControlException.class, () -> engine.update(id, OUR_OFFER), "one offer at a time");

        peer.send(d.inDialog("INVITE", 2, NEW_OFFER)); // theirs crosses ours
        assertNotNull(peer.expectStatus(491, "INVITE", 3000), "glare: 491 to theirs (RFC 3261 14.2)");
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.ReofferReceived));

        peer.send(LateOfferTest.response(ours, 491, "Request Pending", null, null, PEER));
        long glareAt = System.nanoTime();
        SipTestPeer.Msg retry = ourRequest("INVITE", cseq(ours), 5000);
        long waitedMs = (System.nanoTime() - glareAt) / 1_000_000;
        assertNotNull(retry, "our re-INVITE goes again");
        assertTrue(cseq(retry) > cseq(ours), "with a new CSeq");
        assertTrue(waitedMs <= 2000 + 1500, "0 to 2 s (RFC 3261 14.1, not the Call-ID's owner): " + waitedMs + " ms");
        assertEquals(OUR_OFFER.replace("\r\n", "\n"), retry.body().replace("\r\n", "\n"));
        assertEquals(0, reofferAnsweredCount(), "no event for the 491");

        peer.send(LateOfferTest.response(retry, 200, "OK", null, NEW_OFFER, PEER));
        assertNotNull(ackOf(cseq(retry)), "the 2xx of the retry ACKed");
        CallEvent.ReofferAnswered answered = await(CallEvent.ReofferAnswered.class);
        assertEquals(200, answered.code());
        assertEquals(1, reofferAnsweredCount());
        assertEquals(OfferAnswer.Phase.STABLE, engine.store().find(id).orElseThrow().offerAnswer().phase());
        hangUpAndAnswerBye(id);
    }

    @Test
    void reinviteAgainstUpdateIsGlareBothWays() throws Exception {
        String id = confirmedInbound();
        engine.update(id, OUR_OFFER);
        SipTestPeer.Msg ourUpdate = ourRequest("UPDATE", 0, 3000);
        assertNotNull(ourUpdate);
        peer.send(d.inDialog("INVITE", 2, NEW_OFFER));
        assertNotNull(peer.expectStatus(491, "INVITE", 3000), "their re-INVITE against our UPDATE");
        peer.send(LateOfferTest.response(ourUpdate, 200, "OK", null, NEW_OFFER, PEER));
        assertEquals(200, await(CallEvent.ReofferAnswered.class).code());
        app.events.clear(); // not forget(): that would ignore this call's further events

        engine.reoffer(id, OUR_OFFER);
        SipTestPeer.Msg ourInvite = ourRequest("INVITE", 1, 3000);
        assertNotNull(ourInvite);
        peer.send(d.inDialog("UPDATE", 3, NEW_OFFER));
        assertNotNull(peer.expectStatus(491, "UPDATE", 3000), "their UPDATE offer against our re-INVITE");
        peer.send(LateOfferTest.response(ourInvite, 200, "OK", null, NEW_OFFER, PEER));
        assertNotNull(ackOf(cseq(ourInvite)));
        assertEquals(200, await(CallEvent.ReofferAnswered.class).code());
        hangUpAndAnswerBye(id);
    }

    @Test
    void aSecondFarEndOfferWhileTheFirstAwaitsOurAnswerGets500WithRetryAfter() throws Exception {
        String id = confirmedInbound();
        peer.send(d.inDialog("UPDATE", 2, NEW_OFFER));
        await(CallEvent.ReofferReceived.class);
        peer.send(d.inDialog("UPDATE", 3, NEW_OFFER));
        SipTestPeer.Msg busy = peer.expectStatus(500, "UPDATE", 3000);
        assertNotNull(busy, "RFC 3311 5.2: 500 while their own offer is pending");
        int retryAfter = Integer.parseInt(busy.header("Retry-After").trim());
        assertTrue(retryAfter >= 0 && retryAfter <= 10);
        assertThrows(CallControlException.class, () -> engine.reoffer(id, OUR_OFFER));
        engine.refuseReoffer(id, 488);
        assertNotNull(peer.expectStatus(488, "UPDATE", 3000));
        assertEquals(OfferAnswer.Phase.STABLE, engine.store().find(id).orElseThrow().offerAnswer().phase());
        hangUpAndAnswerBye(id);
    }

    @Test
    void asTheCallIdsOwnerWeRetryAfter2100To4000MsAndGiveUpAfterThreeRetries() throws Exception {
        String id = confirmedOutbound();
        engine.reoffer(id, OUR_OFFER);
        SipTestPeer.Msg first = ourRequest("INVITE", 1, 3000);
        assertNotNull(first);
        peer.send(LateOfferTest.response(first, 491, "Request Pending", null, null, PEER));
        long glareAt = System.nanoTime();
        SipTestPeer.Msg retry = ourRequest("INVITE", cseq(first), 6000);
        long waitedMs = (System.nanoTime() - glareAt) / 1_000_000;
        assertNotNull(retry);
        assertTrue(waitedMs >= 2100 - 50 && waitedMs <= 4000 + 1500,
                "2.1 to 4 s when we own the Call-ID (RFC 3261 14.1): " + waitedMs + " ms");
        SipTestPeer.Msg last = retry;
        for (int i = 0; i < 2; i++) {
            peer.send(LateOfferTest.response(last, 491, "Request Pending", null, null, PEER));
            SipTestPeer.Msg next = ourRequest("INVITE", cseq(last), 6000);
            assertNotNull(next, "retry " + (i + 2));
            assertTrue(cseq(next) > cseq(last));
            last = next;
        }
        assertEquals(0, reofferAnsweredCount());
        peer.send(LateOfferTest.response(last, 491, "Request Pending", null, null, PEER));
        CallEvent.ReofferAnswered gaveUp = await(CallEvent.ReofferAnswered.class);
        assertEquals(491, gaveUp.code(), "after three retries the 491 is the application's");
        long lastCSeq = cseq(last);
        assertNull(peer.expect(m -> "INVITE".equals(m.method()) && cseq(m) > lastCSeq, 4500), "no fifth attempt");
        assertEquals(OfferAnswer.Phase.STABLE, engine.store().find(id).orElseThrow().offerAnswer().phase());
        hangUpAndAnswerBye(id);
    }

    @Test
    void aRepeated2xxOfAnEarlierReinviteIsOnlyAckedNotTakenForTheAnswerToTheOutstandingOffer() throws Exception {
        String id = confirmedInbound();
        engine.reoffer(id, OUR_OFFER);
        SipTestPeer.Msg first = ourRequest("INVITE", -1, 3000);
        assertNotNull(first);
        peer.send(LateOfferTest.response(first, 200, "OK", null, NEW_OFFER, PEER));
        assertNotNull(ackOf(cseq(first)));
        await(CallEvent.ReofferAnswered.class);
        app.events.clear(); // not forget(): that would ignore this call's further events

        engine.reoffer(id, OUR_OFFER);
        SipTestPeer.Msg second = ourRequest("INVITE", cseq(first), 3000);
        assertNotNull(second);
        peer.send(LateOfferTest.response(first, 200, "OK", null, EARLY, PEER)); // the first one's 2xx again
        assertNotNull(ackOf(cseq(first)), "ACKed again");
        Thread.sleep(300);
        assertEquals(0, reofferAnsweredCount(), "not the answer to the outstanding offer");
        assertEquals(OfferAnswer.Phase.LOCAL_OFFER, engine.store().find(id).orElseThrow().offerAnswer().phase());
        peer.send(LateOfferTest.response(second, 200, "OK", null, NEW_OFFER, PEER));
        assertEquals(200, await(CallEvent.ReofferAnswered.class).code());
        hangUpAndAnswerBye(id);
    }
}
