package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.api.call.CallEvent;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session-timer refresh (re-INVITE: the far end does not allow UPDATE) is an offer like any other:
 * a crossing far-end re-INVITE gets 491, and a 491 to the refresh is retried after RFC 3261 14.1's
 * time (0-2 s here: the far end placed the call), kept in the record. Session interval 20 s (refresh
 * at 10 s, expiry at about 13.3 s), so the retry has room before the expiry. The engine on
 * 127.0.0.76:16076, the far end a raw UDP peer on 127.0.0.77:16077.
 */
class RefreshGlareTest {

    static final String HOST = "127.0.0.76";
    static final int PORT = 16076;
    static final String PEER_HOST = "127.0.0.77";
    static final int PEER_PORT = 16077;

    CallEngine engine;
    AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeEach
    void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000)
                .withSessionTimer(20, 2);
        engine = new CallEngine("refresh-glare", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "glare-app", "sip:.*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
        peer = new SipTestPeer(PEER_HOST, PEER_PORT, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
    }

    @AfterEach
    void stop() {
        peer.close();
        engine.stop();
    }

    private static long cseq(SipTestPeer.Msg m) {
        return Long.parseLong(m.header("CSeq").trim().split("\\s+")[0]);
    }

    private String okWithSdp(SipTestPeer.Msg req) {
        return PairTakeoverTest.responseTo(req, 200, "OK") + "Contact: <sip:alice@" + PEER_HOST + ":" + PEER_PORT
                + ">\nSession-Expires: 20;refresher=uac\nContent-Type: application/sdp\n\n" + Dialogs.OFFER;
    }

    @Test
    void aRefreshMeetingGlareAnswersTheCrossingReinvite491AndIsRetriedWithinTwoSeconds() throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, "Supported: timer\nSession-Expires: 20;refresher=uas",
                Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = app.await(CallEvent.Confirmed.class, null, 5000).call().id();

        SipTestPeer.Msg refresh = peer.expect(m -> "INVITE".equals(m.method()), 13_000);
        assertNotNull(refresh, "our refresh re-INVITE at half the interval");
        OfferAnswer oa = engine.store().find(id).orElseThrow().offerAnswer();
        assertEquals(OfferAnswer.Phase.LOCAL_OFFER, oa.phase(), "a re-INVITE refresh is an outstanding offer");
        peer.send(d.inDialog("INVITE", 2, Dialogs.OFFER.replace("30000", "30010")));
        assertNotNull(peer.expectStatus(491, "INVITE", 3000), "glare with our refresh: 491");

        peer.send(PairTakeoverTest.responseTo(refresh, 491, "Request Pending"));
        long glareAt = System.nanoTime();
        SipTestPeer.Msg retry = peer.expect(m -> "INVITE".equals(m.method()) && cseq(m) > cseq(refresh), 4000);
        long waitedMs = (System.nanoTime() - glareAt) / 1_000_000;
        assertNotNull(retry, "the refresh goes again");
        assertTrue(waitedMs <= 2000 + 1500, "within 0-2 s (not the Call-ID's owner): " + waitedMs + " ms");
        assertEquals(refresh.body(), retry.body(), "the same SDP");
        peer.send(okWithSdp(retry));
        assertNotNull(peer.expect(m -> "ACK".equals(m.method()) && cseq(m) == cseq(retry), 3000));
        assertNull(peer.expectRequest("BYE", 1500), "refreshed: no BYE");
        assertEquals(OfferAnswer.Phase.STABLE, engine.store().find(id).orElseThrow().offerAnswer().phase());
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.ReofferAnswered
                || e instanceof CallEvent.ReofferReceived), "neither the refresh nor the refused re-INVITE is the application's");
        peer.send(d.inDialog("BYE", 3, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }
}
