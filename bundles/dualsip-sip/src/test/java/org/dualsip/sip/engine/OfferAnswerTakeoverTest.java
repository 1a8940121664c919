package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A glare retry across a switchover, with two engines in one JVM (A active, B passive mirroring A)
 * sharing the service address 127.0.0.74:16074; the far end a raw UDP peer on 127.0.0.75:16075. The
 * retry's due time is only in the record: B, once active, sends it at that time, once; A, demoted,
 * never does; B while passive never does.
 */
class OfferAnswerTakeoverTest {

    static final String HOST = "127.0.0.74";
    static final int PORT = 16074;
    static final String PEER_HOST = "127.0.0.75";
    static final int PEER_PORT = 16075;
    static final String PEER = PEER_HOST + ":" + PEER_PORT;

    EnginePair pair;
    CallEngine a;
    CallEngine b;
    AutoAnswerApplication appA;
    AutoAnswerApplication appB;
    SipTestPeer peer;

    @BeforeEach
    void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        pair = new EnginePair(s, HOST, PORT);
        a = pair.a;
        b = pair.b;
        appA = new AutoAnswerApplication(a);
        appB = new AutoAnswerApplication(b);
        a.applications().add(appA, "app", ".*", 0, 1);
        b.applications().add(appB, "app", ".*", 0, 1);
        pair.startWithAActive();
        peer = new SipTestPeer(PEER_HOST, PEER_PORT, HOST, PORT);
    }

    @AfterEach
    void stop() {
        peer.close();
        pair.stop();
    }

    private void switchOver() throws Exception {
        pair.switchOver();
    }

    private static long cseq(SipTestPeer.Msg m) {
        return Long.parseLong(m.header("CSeq").trim().split("\\s+")[0]);
    }

    private SipTestPeer.Msg inviteAbove(long cseq, long millis) throws Exception {
        return peer.expect(m -> "INVITE".equals(m.method()) && cseq(m) > cseq, millis);
    }

    private static void awaitPhase(CallEngine e, String id, OfferAnswer.Phase phase) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (e.store().find(id).map(r -> r.offerAnswer().is(phase) || settledAsInitial(r, phase)).orElse(false)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("call " + id + " never " + phase + " on " + e.status().node());
    }

    /**
     * An ordinary confirmed call is replicated in the previous record format, which the mirror reads
     * back as INITIAL: in a confirmed call that means STABLE (OfferAnswer.Phase.INITIAL).
     */
    private static boolean settledAsInitial(org.dualsip.sip.record.CallRecord r, OfferAnswer.Phase phase) {
        return phase == OfferAnswer.Phase.STABLE && r.offerAnswer().is(OfferAnswer.Phase.INITIAL)
                && r.state() == org.dualsip.api.call.CallState.CONFIRMED;
    }

    private static boolean armsNoOfferRetry(CallEngine e) {
        for (CallSession s : e.sessions()) {
            synchronized (s) {
                if (s.offerRetry != null && !s.offerRetry.isDone()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void aGlareRetryDueAtTheOldActiveIsSentOnceByTheNewOneAtItsTime() throws Exception {
        // an outbound call: we own the Call-ID, so the retry waits 2.1 to 4 s (RFC 3261 14.1)
        String id = a.placeCall(new OutboundCallRequest("app", "sip:service@" + HOST, "sip:bob@" + PEER,
                Dialogs.OFFER, Map.of()));
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.onlyCallId = invite.header("Call-ID");
        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", Dialogs.OFFER, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        appA.await(CallEvent.Confirmed.class, id, 5000);
        appA.autoAnswer = false;

        a.reoffer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ours = inviteAbove(1, 3000);
        assertNotNull(ours);
        peer.send(LateOfferTest.response(ours, 491, "Request Pending", null, null, PEER));
        long glareAt = System.nanoTime();
        awaitPhase(b, id, OfferAnswer.Phase.LOCAL_RETRY); // B, passive, holds the retry in its mirror
        long due = b.store().find(id).orElseThrow().offerAnswer().retryAtMillis();
        assertTrue(due - System.currentTimeMillis() > 1000, "the retry is still ahead");
        assertTrue(armsNoOfferRetry(b), "a passive arms no retry");
        switchOver();
        assertTrue(armsNoOfferRetry(a), "the demoted node's retry is cancelled");

        SipTestPeer.Msg retry = inviteAbove(cseq(ours), 6000);
        long waitedMs = (System.nanoTime() - glareAt) / 1_000_000;
        assertNotNull(retry, "B sends the retry");
        assertTrue(waitedMs >= 2100 - 50 && waitedMs <= 4000 + 1500, "at the record's time: " + waitedMs + " ms");
        assertTrue(cseq(retry) > cseq(ours) + CallResumption.CSEQ_MARGIN - 1, "a CSeq above anything A sent");
        assertEquals(AutoAnswerApplication.SDP.replace("\r\n", "\n"), retry.body().replace("\r\n", "\n"));
        long retryCSeq = cseq(retry);
        peer.send(LateOfferTest.response(retry, 200, "OK", null, Dialogs.OFFER, PEER));
        assertNotNull(peer.expect(m -> "ACK".equals(m.method()) && cseq(m) == retryCSeq, 3000), "B ACKs the 2xx");
        CallEvent.ReofferAnswered answered = appB.await(CallEvent.ReofferAnswered.class, id, 5000);
        assertEquals(200, answered.code());
        assertNull(inviteAbove(retryCSeq, 1500), "sent once: A, demoted, never sends it");
        assertTrue(appA.events.stream().noneMatch(e -> e instanceof CallEvent.ReofferAnswered));

        b.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
    }

    @Test
    void theAnswerToAReinviteTheOldActiveSentIsTakenByTheNewOneWithoutItsTransaction() throws Exception {
        Dialogs d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = appA.await(CallEvent.Confirmed.class, null, 5000).call().id();
        appA.autoAnswer = false;

        a.reoffer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ours = inviteAbove(0, 3000);
        assertNotNull(ours);
        awaitPhase(b, id, OfferAnswer.Phase.LOCAL_OFFER);
        switchOver();
        peer.send(LateOfferTest.response(ours, 200, "OK", null, Dialogs.OFFER, PEER));
        assertNotNull(peer.expect(m -> "ACK".equals(m.method()) && cseq(m) == cseq(ours), 3000),
                "B ACKs the 2xx of A's re-INVITE, rebuilt from the record");
        CallEvent.ReofferAnswered answered = appB.await(CallEvent.ReofferAnswered.class, id, 5000);
        assertEquals(200, answered.code());
        assertTrue(answered.call().sdpAnswer().contains("m=audio 30000"), "the answer is the session's");
        assertEquals(OfferAnswer.Phase.STABLE, b.store().find(id).orElseThrow().offerAnswer().phase());
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }

    @Test
    void aPassiveHoldingTheRetryNeverSendsIt() throws Exception {
        Dialogs d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = appA.await(CallEvent.Confirmed.class, null, 5000).call().id();
        appA.autoAnswer = false;

        a.reoffer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ours = inviteAbove(0, 3000);
        assertNotNull(ours);
        peer.send(LateOfferTest.response(ours, 491, "Request Pending", null, null, PEER));
        awaitPhase(b, id, OfferAnswer.Phase.LOCAL_RETRY);
        assertTrue(armsNoOfferRetry(b), "the passive's mirror holds the retry but arms nothing");
        SipTestPeer.Msg retry = inviteAbove(cseq(ours), 4000); // 0 to 2 s: we do not own this Call-ID
        assertNotNull(retry, "the active sends it");
        long retryCSeq = cseq(retry);
        peer.send(LateOfferTest.response(retry, 200, "OK", null, Dialogs.OFFER, PEER));
        assertEquals(200, appA.await(CallEvent.ReofferAnswered.class, id, 5000).code());
        assertNull(inviteAbove(retryCSeq, 1500), "once: the passive B, whose mirror held the retry, sent nothing");
        awaitPhase(b, id, OfferAnswer.Phase.STABLE);
        assertTrue(appB.events.isEmpty(), "the passive tells no application anything");
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }
}
