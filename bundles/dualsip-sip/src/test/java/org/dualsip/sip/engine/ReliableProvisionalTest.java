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
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3262 (100rel, PRACK) in both roles over real SIP: the engine on 127.0.0.58:16050, the far end a raw
 * UDP peer on 127.0.0.59:16051. T1 is 50 ms, so 64*T1 is 3.2 s.
 */
class ReliableProvisionalTest {

    static final String HOST = "127.0.0.58";
    static final int PORT = 16050;
    static final String PEER = "127.0.0.59:16051";
    static final String EARLY = "v=0\no=peer 2 2 IN IP4 127.0.0.59\ns=-\nc=IN IP4 127.0.0.59\nt=0 0\nm=audio 30002 RTP/AVP 0\n";
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        engine = new CallEngine("prack", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "prack-app", "sip:.*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @BeforeEach
    void peer() throws Exception {
        peer = new SipTestPeer("127.0.0.59", 16051, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
        app.forget();
        app.autoAnswer = false;
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private <T extends CallEvent> T await(Class<T> type) throws InterruptedException {
        return app.await(type, null, 5000);
    }

    private String offered(String headers) throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, headers, Dialogs.OFFER));
        return await(CallEvent.Offered.class).call().id();
    }

    private String prack(long rseq, long cseq) {
        return d.request("PRACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), cseq, true, "RAck: " + rseq + " 1 INVITE", null);
    }

    @Test
    void earlyMediaGoesReliablyAndTheAnswerWaitsForItsPrack() throws Exception {
        String id = offered("Supported: 100rel");
        engine.ring(id, 183, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ringing = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(ringing);
        assertEquals("100rel", ringing.header("Require"));
        long rseq = Long.parseLong(ringing.header("RSeq"));
        assertTrue(ringing.body().contains("m=audio 40000"));
        d.toTag = ringing.toTag();
        SipTestPeer.Msg again = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(again, "retransmitted until its PRACK");
        assertEquals(String.valueOf(rseq), again.header("RSeq"));
        engine.answer(id, AutoAnswerApplication.SDP);
        assertNull(peer.expectStatus(200, "INVITE", 400), "no 2xx before the PRACK");
        assertEquals(CallState.RINGING, engine.find(id).orElseThrow().state());
        peer.send(prack(rseq, 2));
        assertNotNull(peer.expectStatus(200, "PRACK", 3000));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok, "the held 2xx goes with the PRACK");
        peer.send(d.ack(1));
        await(CallEvent.Confirmed.class);
        peer.send(d.inDialog("BYE", 3, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
    }

    @Test
    void prackForAnUnknownRSeqOrARepeatedOneGets481() throws Exception {
        String id = offered("Supported: 100rel");
        engine.ring(id, 183, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ringing = peer.expectStatus(183, "INVITE", 3000);
        assertNotNull(ringing);
        d.toTag = ringing.toTag();
        long rseq = Long.parseLong(ringing.header("RSeq"));
        peer.send(prack(rseq + 7, 2));
        assertNotNull(peer.expectStatus(481, "PRACK", 3000), "unknown RSeq");
        peer.send(prack(rseq, 3));
        assertNotNull(peer.expectStatus(200, "PRACK", 3000));
        peer.send(prack(rseq, 4));
        assertNotNull(peer.expectStatus(481, "PRACK", 3000), "repeated (already acknowledged) RSeq");
        engine.reject(id, 486, null);
        assertNotNull(peer.expectStatus(486, "INVITE", 3000));
    }

    @Test
    void requiredHundredRelMakesEveryProvisionalReliableAndSupportedAloneOnlyEarlyMedia() throws Exception {
        String id = offered("Require: 100rel");
        engine.ring(id, 180, null);
        SipTestPeer.Msg ringing = peer.expectStatus(180, "INVITE", 3000);
        assertNotNull(ringing, "Require: 100rel is not refused 420");
        assertNotNull(ringing.header("RSeq"), "reliable: the caller requires it");
        engine.reject(id, 486, null);
        assertNotNull(peer.expectStatus(486, "INVITE", 3000));

        peer.close();
        peer = new SipTestPeer("127.0.0.59", 16051, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
        app.forget();
        String plain = offered("Supported: 100rel");
        engine.ring(plain, 180, null);
        SipTestPeer.Msg unreliable = peer.expectStatus(180, "INVITE", 3000);
        assertNotNull(unreliable);
        assertNull(unreliable.header("RSeq"), "a 180 without SDP to a caller that only supports 100rel");
        engine.reject(plain, 486, null);
        assertNotNull(peer.expectStatus(486, "INVITE", 3000));
    }

    @Test
    void withoutAPrackIn64T1TheInviteIsRejectedWith504() throws Exception {
        String id = offered("Supported: 100rel");
        engine.ring(id, 183, AutoAnswerApplication.SDP);
        SipTestPeer.Msg rejected = peer.expectStatus(504, "INVITE", 8000);
        assertNotNull(rejected);
        CallEvent.Ended ended = await(CallEvent.Ended.class);
        assertEquals(EndReason.TIMEOUT, ended.reason());
        assertEquals(CallState.ENDED, engine.find(id).orElseThrow().state());
    }

    @Test
    void ourInviteOffers100relAndPracksAReliableProvisionalOnce() throws Exception {
        String id = engine.placeCall(new OutboundCallRequest("prack-app", "sip:service@" + HOST, "sip:bob@" + PEER,
                Dialogs.OFFER, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        assertTrue(String.join(",", invite.headers().get("supported")).contains("100rel"));
        String ringing = LateOfferTest.response(invite, 183, "Session Progress", "bobtag", EARLY, PEER)
                .replace("Contact:", "Require: 100rel\nRSeq: 5\nContact:");
        peer.send(ringing);
        SipTestPeer.Msg prack = peer.expectRequest("PRACK", 3000);
        assertNotNull(prack);
        assertEquals("5 1 INVITE", prack.header("RAck"));
        assertTrue(prack.requestUri().contains(PEER), "to the provisional's Contact: " + prack.requestUri());
        assertTrue(prack.header("To").contains("tag=bobtag"));
        CallEvent.Ringing event = await(CallEvent.Ringing.class);
        assertTrue(event.sdp().contains("m=audio 30002"));
        peer.send(PairTakeoverTest.responseTo(prack, 200, "OK"));
        peer.send(ringing); // retransmitted: no second PRACK
        String cseq = prack.header("CSeq");
        assertNull(peer.expect(m -> "PRACK".equals(m.method()) && !cseq.equals(m.header("CSeq")), 600));
        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", null, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        CallEvent.Confirmed confirmed = await(CallEvent.Confirmed.class);
        assertEquals(EARLY.replace("\n", "\r\n"), confirmed.call().sdpAnswer(), "the answer came in the 183");
        engine.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
    }
}
