package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session refresh that met a glare, across a switchover: two engines in one JVM (A active, B passive
 * mirroring A) sharing 127.0.0.78:16078, the far end a raw UDP peer on 127.0.0.79:16079. Session
 * interval 20 s: A's re-INVITE refresh goes at 10 s and is answered 491; its retry time is only in the
 * record, and B, active after a switchover, sends the retry once, at that time (0-2 s: the far end
 * placed the call).
 */
class RefreshGlareTakeoverTest {

    static final String HOST = "127.0.0.78";
    static final int PORT = 16078;
    static final String PEER_HOST = "127.0.0.79";
    static final int PEER_PORT = 16079;

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
                .withSessionTimer(20, 2);
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

    private static long cseq(SipTestPeer.Msg m) {
        return Long.parseLong(m.header("CSeq").trim().split("\\s+")[0]);
    }

    @Test
    void aRefreshGlareRetryDueAtTheOldActiveIsSentOnceByTheNewOne() throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false,
                "Supported: timer\nSession-Expires: 20;refresher=uas", Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = appA.await(CallEvent.Confirmed.class, null, 5000).call().id();

        SipTestPeer.Msg refresh = peer.expect(m -> "INVITE".equals(m.method()), 13_000);
        assertNotNull(refresh, "A's refresh re-INVITE");
        peer.send(PairTakeoverTest.responseTo(refresh, 491, "Request Pending"));
        long glareAt = System.nanoTime();
        for (int i = 0; i < 300 && !b.store().find(id).orElseThrow().offerAnswer().is(OfferAnswer.Phase.LOCAL_RETRY); i++) {
            Thread.sleep(5);
        }
        OfferAnswer mirrored = b.store().find(id).orElseThrow().offerAnswer();
        assertEquals(OfferAnswer.Phase.LOCAL_RETRY, mirrored.phase(), "B's mirror holds the refresh's retry");
        assertTrue(!mirrored.forApplication() && "INVITE".equals(mirrored.method()), String.valueOf(mirrored));

        // switch over at once: with a 0-2 s back-off the retry may already be due, then B sends it at once
        a.replicator(null);
        a.roleChanged(new RoleChange(Role.ACTIVE, Role.PASSIVE, "switchover", 2, Instant.now()));
        a.unbind();
        boolean aSentIt = peer.expect(m -> "INVITE".equals(m.method()) && cseq(m) > cseq(refresh), 1) != null;
        b.replicator(rec -> {
            a.mirror().apply(rec);
            return RecordReplicator.Outcome.ACKNOWLEDGED;
        });
        b.roleChanged(new RoleChange(Role.PASSIVE, Role.ACTIVE, "switchover", 2, Instant.now()));
        b.bind(HOST, PORT, List.of("udp"));

        SipTestPeer.Msg retry = peer.expect(m -> "INVITE".equals(m.method()) && cseq(m) > cseq(refresh), 4000);
        long waitedMs = (System.nanoTime() - glareAt) / 1_000_000;
        assertNotNull(retry, "the refresh goes again");
        if (!aSentIt) { // the usual case; A first only when the 0-2 s back-off drew a few milliseconds
            assertTrue(cseq(retry) >= cseq(refresh) + CallResumption.CSEQ_MARGIN, "from B, above A's CSeq");
        }
        assertTrue(waitedMs <= 2000 + 2000, "at the record's time (0-2 s): " + waitedMs + " ms");
        assertEquals(refresh.body(), retry.body(), "the same SDP");
        peer.send(PairTakeoverTest.responseTo(retry, 200, "OK") + "Contact: <sip:alice@" + PEER_HOST + ":"
                + PEER_PORT + ">\nSession-Expires: 20;refresher=uac\nContent-Type: application/sdp\n\n"
                + Dialogs.OFFER);
        long retryCSeq = cseq(retry);
        assertNotNull(peer.expect(m -> "ACK".equals(m.method()) && cseq(m) == retryCSeq, 3000), "B ACKs its 2xx");
        assertNull(peer.expect(m -> "INVITE".equals(m.method()) && cseq(m) > cseq(refresh) && cseq(m) != retryCSeq,
                1500), "the retry is sent once, by one node");
        assertEquals(OfferAnswer.Phase.STABLE, b.store().find(id).orElseThrow().offerAnswer().phase());
        assertTrue(b.store().find(id).orElseThrow().sessionTimer().refreshCSeq() == 0, "refreshed");
        peer.send(d.inDialog("BYE", 2, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }
}
