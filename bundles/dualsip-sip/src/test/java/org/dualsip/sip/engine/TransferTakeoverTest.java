package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.sip.record.Transfer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transfer across a switchover, continued by the second engine from the replicated record alone: two
 * engines in one JVM share the service address 127.0.0.62:16070 (A active, B passive mirroring A, then
 * the other way round); the far end a raw UDP peer on 127.0.0.63:16071.
 */
class TransferTakeoverTest {

    static final String HOST = "127.0.0.62";
    static final int PORT = 16070;
    static final String PEER_HOST = "127.0.0.63";
    static final int PEER_PORT = 16071;

    EnginePair pair;
    CallEngine a;
    CallEngine b;
    AutoAnswerApplication appA;
    AutoAnswerApplication appB;
    SipTestPeer peer;
    Dialogs d;

    @BeforeEach
    void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(100, 400, 2000);
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

    private void switchOver() throws Exception {
        pair.switchOver();
    }

    private String confirmedOnA() throws Exception {
        peer.send(d.invite());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = appA.await(CallEvent.Confirmed.class, null, 3000).call().id();
        awaitOnB(id, r -> r.state() == CallState.CONFIRMED);
        return id;
    }

    private void awaitOnB(String id, java.util.function.Predicate<org.dualsip.sip.record.CallRecord> p)
            throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (b.store().find(id).map(p::test).orElse(false)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("call " + id + " on b: " + b.store().find(id));
    }

    @Test
    void theFinalNotifyAfterTheTakeoverIsSentByTheNewActiveAboveEveryEarlierCSeq() throws Exception {
        String id = confirmedOnA();
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.63")));
        appA.await(CallEvent.TransferRequested.class, id, 3000);
        a.acceptTransfer(id);
        assertNotNull(peer.expectStatus(202, "REFER", 3000));
        SipTestPeer.Msg trying = peer.expectRequest("NOTIFY", 3000);
        TransferPeer.ok(peer, trying);
        awaitOnB(id, r -> r.transfer() != null && r.transfer().stage() == Transfer.Stage.ACTIVE
                && r.transfer().notifyCSeq() == 0);

        switchOver();
        b.transferProgress(id, 200);
        SipTestPeer.Msg done = peer.expectRequest("NOTIFY", 3000);
        assertNotNull(done, "the new active sent no NOTIFY");
        assertEquals("SIP/2.0 200 OK", done.body().trim());
        assertTrue(done.header("Subscription-State").startsWith("terminated"));
        assertEquals("refer;id=2", done.header("Event").replace(" ", ""));
        assertTrue(TransferPeer.cseq(done) > TransferPeer.cseq(trying));
        TransferPeer.ok(peer, done);
        assertNull(peer.expectRequest("NOTIFY", 500), "a second final NOTIFY (the passive must stay silent)");
        assertEquals(CallState.CONFIRMED, b.find(id).orElseThrow().state());
    }

    @Test
    void aReferUndecidedAtTheTakeoverIsAskedAgainAndAnsweredFromTheRecord() throws Exception {
        String id = confirmedOnA();
        appA.autoAnswer = false;
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.63")));
        appA.await(CallEvent.TransferRequested.class, id, 3000);
        awaitOnB(id, r -> r.transfer() != null && r.transfer().stage() == Transfer.Stage.PENDING);

        switchOver();
        CallEvent.TransferRequested again = appB.await(CallEvent.TransferRequested.class, id, 5000);
        assertEquals("sip:carol@127.0.0.63", again.referTo());
        b.acceptTransfer(id); // no REFER transaction on B: the 202 is built from the record's Vias
        assertNotNull(peer.expectStatus(202, "REFER", 3000), "no 202 from the new active");
        SipTestPeer.Msg trying = peer.expectRequest("NOTIFY", 3000);
        assertNotNull(trying);
        assertEquals("SIP/2.0 100 Trying", trying.body().trim());
    }

    @Test
    void aNotifyUnansweredAtTheTakeoverIsSentAgainByTheNewActive() throws Exception {
        String id = confirmedOnA();
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.63")));
        appA.await(CallEvent.TransferRequested.class, id, 3000);
        a.acceptTransfer(id);
        assertNotNull(peer.expectStatus(202, "REFER", 3000));
        SipTestPeer.Msg lost = peer.expectRequest("NOTIFY", 3000); // never answered: as if lost
        awaitOnB(id, r -> r.transfer() != null && r.transfer().notifyCSeq() == TransferPeer.cseq(lost));

        switchOver();
        SipTestPeer.Msg again = peer.expect(m -> "NOTIFY".equals(m.method())
                && TransferPeer.cseq(m) > TransferPeer.cseq(lost), 3000);
        assertNotNull(again, "the new active did not send the unanswered NOTIFY again");
        assertEquals("SIP/2.0 100 Trying", again.body().trim());
    }

    @Test
    void theCallPlacedForATransferStillReportsOnTheTransferredCallAfterATakeover() throws Exception {
        String id = confirmedOnA();
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.63:16071")));
        appA.await(CallEvent.TransferRequested.class, id, 3000);
        a.acceptTransfer(id);
        assertNotNull(peer.expectStatus(202, "REFER", 3000));
        TransferPeer.ok(peer, peer.expectRequest("NOTIFY", 3000));
        // the answered NOTIFY is replicated unseen (asynchronously): wait, or B rightly sends it again
        awaitOnB(id, r -> r.transfer() != null && r.transfer().notifyCSeq() == 0);
        String placed = a.placeTransferCall(id, new org.dualsip.api.call.OutboundCallRequest("app",
                "sip:service@" + HOST, "sip:carol@" + PEER_HOST + ":" + PEER_PORT, AutoAnswerApplication.SDP, null));
        peer.onlyCallId = null;
        SipTestPeer.Msg invite = peer.expect(m -> "INVITE".equals(m.method()), 3000);
        assertNotNull(invite, "the transfer call was not placed");
        awaitOnB(placed, r -> r.transfer() != null && id.equals(r.transfer().transferOf()));

        switchOver();
        // the far end answers the transfer call now: the new active confirms it and reports 200 on the transferred call
        peer.send(TransferPeer.answerInvite(invite, 200, "OK", "carol9", "sip:carol@" + PEER_HOST + ":" + PEER_PORT));
        SipTestPeer.Msg done = peer.expect(m -> "NOTIFY".equals(m.method()) && d.callId.equals(m.header("Call-ID")), 5000);
        assertNotNull(done, "the new active reported nothing on the transferred call");
        assertEquals("SIP/2.0 200 OK", done.body().trim());
        assertTrue(done.header("Subscription-State").startsWith("terminated"));
        assertEquals(CallState.CONFIRMED, b.find(placed).orElseThrow().state());
    }

    @Test
    void asTransferorTheNewActiveTakesTheNotifiesOfOurRefer() throws Exception {
        String id = confirmedOnA();
        a.transfer(id, "sip:carol@127.0.0.63");
        SipTestPeer.Msg refer = peer.expectRequest("REFER", 3000);
        assertNotNull(refer);
        peer.send(TransferPeer.answer(refer, 202, "Accepted", null));
        appA.await(CallEvent.TransferStatus.class, id, 3000);
        awaitOnB(id, r -> r.transfer() != null && r.transfer().lastStatus() == 202);

        switchOver();
        peer.send(TransferPeer.notify(d, 2, TransferPeer.cseq(refer), 200, true));
        assertNotNull(peer.expectStatus(200, "NOTIFY", 3000), "the new active did not take the NOTIFY");
        CallEvent.TransferStatus done = appB.await(CallEvent.TransferStatus.class, id, 5000);
        assertEquals(200, done.code());
        assertTrue(done.finished());
    }

    @Test
    void aReplacingCallConfirmedAtTheNewActiveEndsTheReplacedCallFromTheRecord() throws Exception {
        String oldId = confirmedOnA();
        Dialogs d2 = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = null;
        peer.send(d2.request("INVITE", d2.uri(), d2.inviteBranch, 1, false, "Replaces: " + d.callId + ";to-tag="
                + d.toTag + ";from-tag=" + d.fromTag, Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expect(m -> m.status() == 200 && d2.callId.equals(m.header("Call-ID")), 3000);
        assertNotNull(ok, "the replacing call was not answered");
        d2.toTag = ok.toTag();
        String newId = a.store().findBySipCallId(d2.callId).orElseThrow().id();
        awaitOnB(newId, r -> r.state() == CallState.ANSWERED_WAITING_ACK && r.transfer() != null
                && oldId.equals(r.transfer().replacedCallId()));

        switchOver(); // the ACK reaches the new active: it confirms the call and ends the replaced one
        peer.send(d2.ack(1));
        SipTestPeer.Msg bye = peer.expect(m -> "BYE".equals(m.method()) && d.callId.equals(m.header("Call-ID")), 5000);
        assertNotNull(bye, "the new active did not end the replaced call");
        assertTrue(bye.header("Reason").contains("replaced"));
        TransferPeer.ok(peer, bye);
        assertEquals(org.dualsip.api.call.EndReason.REPLACED,
                appB.await(CallEvent.Ended.class, oldId, 3000).reason());
    }
}
