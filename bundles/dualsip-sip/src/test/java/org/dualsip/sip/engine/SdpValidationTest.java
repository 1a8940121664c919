package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * Malformed SDP, answered per RFC 3261 over real SIP: the engine on 127.0.0.56:16030, the far end a raw
 * UDP peer on 127.0.0.57:16031. An offer we cannot take gets 488 (with a Warning saying why), the call
 * kept where the RFC keeps it; an answer we cannot take ends the call with BYE and a Reason.
 */
class SdpValidationTest {

    static final String HOST = "127.0.0.56";
    static final int PORT = 16030;
    static final String PEER = "127.0.0.57:16031";
    static final String BAD = "v=0\no=peer\ns=-\nm=audio port RTP/AVP 0\n";
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        engine = new CallEngine("sdp", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "sdp-app", "sip:.*", 0, 1);
        engine.bind(HOST, PORT, List.of("udp"));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @BeforeEach
    void peer() throws Exception {
        peer = new SipTestPeer("127.0.0.57", 16031, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
        app.forget();
    }

    @AfterEach
    void close() {
        peer.close();
    }

    private <T extends CallEvent> T await(Class<T> type) throws InterruptedException {
        return app.await(type, null, 5000);
    }

    @Test
    void inviteWithAMalformedOfferGets488WithAWarningAndNoCall() throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, null, BAD));
        SipTestPeer.Msg refused = peer.expectStatus(488, "INVITE", 3000);
        assertNotNull(refused);
        assertTrue(refused.header("Warning").startsWith("399 dualsip"), refused.header("Warning"));
        Thread.sleep(200);
        assertTrue(app.events.isEmpty(), "no call: " + app.events);
    }

    @Test
    void reInviteWithAMalformedOfferGets488AndTheCallGoesOn() throws Exception {
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = await(CallEvent.Confirmed.class).call().id();
        peer.send(d.inDialog("INVITE", 2, BAD));
        assertNotNull(peer.expectStatus(488, "INVITE", 3000));
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
        peer.send(d.inDialog("BYE", 3, null));
        assertNotNull(peer.expectStatus(200, "BYE", 3000), "the call was kept");
    }

    @Test
    void lateOfferAckWithAMalformedAnswerEndsTheCallWithAReason() throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, null, null));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.request("ACK", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, true, null, BAD));
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        assertTrue(bye.header("Reason").contains("malformed"), bye.header("Reason"));
        assertEquals(EndReason.SDP_NEGOTIATION_FAILED, await(CallEvent.Ended.class).reason());
    }

    @Test
    void a2xxWithAMalformedAnswerToOurOfferIsAckedAndEndedWithAReason() throws Exception {
        engine.placeCall(new OutboundCallRequest("sdp-app", "sip:service@" + HOST, "sip:bob@" + PEER,
                Dialogs.OFFER, Map.of()));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expectRequest("INVITE", 3000);
        assertNotNull(invite);
        peer.send(LateOfferTest.response(invite, 200, "OK", "bobtag", BAD, PEER));
        assertNotNull(peer.expectRequest("ACK", 3000));
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 3000);
        assertNotNull(bye);
        assertTrue(bye.header("Reason").contains("cause=488"));
        assertEquals(EndReason.SDP_NEGOTIATION_FAILED, await(CallEvent.Ended.class).reason());
    }
}
