package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.sip.record.Transfer;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * REFER (RFC 3515) in both roles and Replaces (RFC 3891) over real SIP: the engine on 127.0.0.60:16060
 * (T1 50 ms, so the application's decision bound 64*T1 is 3.2 s), the far end a raw UDP peer on
 * 127.0.0.61:16061.
 */
class TransferTest {

    static final String HOST = "127.0.0.60";
    static final int PORT = 16060;
    static final String PEER_HOST = "127.0.0.61";
    static final int PEER_PORT = 16061;
    static CallEngine engine;
    static AutoAnswerApplication app;
    SipTestPeer peer;
    Dialogs d;

    @BeforeAll
    static void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        engine = new CallEngine("transfer", s);
        app = new AutoAnswerApplication(engine);
        engine.applications().add(app, "app", ".*", 0, 1);
        engine.roleChanged(new RoleChange(Role.STARTING, Role.STANDALONE, "no peer", 1, Instant.now()));
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
    }

    @AfterEach
    void close() {
        peer.close();
    }

    /** A call the peer places, answered and ACKed; returns its id. */
    private String confirmed(Dialogs dialog, String extra) throws Exception {
        peer.send(dialog.request("INVITE", dialog.uri(), dialog.inviteBranch, 1, false, extra, Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expect(m -> m.status() == 200 && dialog.callId.equals(m.header("Call-ID")), 3000);
        assertNotNull(ok, "no 200 to the INVITE");
        dialog.toTag = ok.toTag();
        peer.send(dialog.ack(1));
        CallEvent.Confirmed c = awaitConfirmed(dialog);
        return c.call().id();
    }

    private CallEvent.Confirmed awaitConfirmed(Dialogs dialog) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (CallEvent e : app.events) {
                if (e instanceof CallEvent.Confirmed c && engine.store().find(c.call().id())
                        .map(r -> r.dialog().sipCallId().equals(dialog.callId)).orElse(false)) {
                    return c;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("call " + dialog.callId + " never confirmed: " + app.events);
    }

    private String offeredCallOf(Dialogs dialog) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (CallEvent e : app.events) {
                if (e instanceof CallEvent.Offered o && engine.store().find(o.call().id())
                        .map(r -> r.dialog().sipCallId().equals(dialog.callId)).orElse(false)) {
                    return o.call().id();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("call " + dialog.callId + " never offered: " + app.events);
    }

    private SipTestPeer.Msg status(int code, String method) throws Exception {
        return peer.expect(m -> m.status() == code && method.equals(m.cseqMethod()), 3000);
    }

    /** The next request of that method in this test's dialog (or, for INVITE, any new call to the peer). */
    private SipTestPeer.Msg request(String method) throws Exception {
        return peer.expect(m -> method.equals(m.method())
                && ("INVITE".equals(method) || d.callId.equals(m.header("Call-ID"))), 3000);
    }

    private Transfer transferOf(String id) {
        return engine.store().find(id).orElseThrow().transfer();
    }

    @Test
    void anAcceptedReferIsNotifiedTryingThenTheFinalStatusEndingTheSubscription() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.61")));
        CallEvent.TransferRequested asked = app.await(CallEvent.TransferRequested.class, id, 3000);
        assertEquals("sip:carol@127.0.0.61", asked.referTo());
        assertEquals("<sip:alice@127.0.0.1>", asked.referredBy());
        assertNull(asked.replaces());

        engine.acceptTransfer(id);
        assertNotNull(status(202, "REFER"), "no 202 to the REFER");
        SipTestPeer.Msg trying = request("NOTIFY");
        assertNotNull(trying, "no NOTIFY after the 202");
        assertEquals("refer;id=2", trying.header("Event").replace(" ", ""));
        assertTrue(trying.header("Subscription-State").startsWith("active"), trying.header("Subscription-State"));
        assertTrue(trying.header("Content-Type").startsWith("message/sipfrag"), trying.header("Content-Type"));
        assertEquals("SIP/2.0 100 Trying", trying.body().trim());
        TransferPeer.ok(peer, trying);

        engine.transferProgress(id, 180);
        SipTestPeer.Msg ringing = request("NOTIFY");
        assertEquals("SIP/2.0 180 Ringing", ringing.body().trim());
        assertTrue(TransferPeer.cseq(ringing) > TransferPeer.cseq(trying));
        TransferPeer.ok(peer, ringing);
        engine.transferProgress(id, 200);
        SipTestPeer.Msg done = request("NOTIFY");
        assertEquals("SIP/2.0 200 OK", done.body().trim());
        assertEquals("terminated;reason=noresource", done.header("Subscription-State").replace(" ", ""));
        TransferPeer.ok(peer, done);

        awaitTransfer(id, t -> t.stage() == Transfer.Stage.TERMINATED && t.notifyCSeq() == 0);
        assertThrows(CallControlException.class, () -> engine.transferProgress(id, 200));
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
    }

    private void awaitTransfer(String id, java.util.function.Predicate<Transfer> p) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Transfer t = transferOf(id);
            if (t != null && p.test(t)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("transfer of " + id + " is " + transferOf(id));
    }

    /** An accepted REFER whose NOTIFY 100 was answered; returns the transferred call's id. */
    private String acceptedTransfer() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@" + PEER_HOST + ":" + PEER_PORT)));
        app.await(CallEvent.TransferRequested.class, id, 3000);
        engine.acceptTransfer(id);
        assertNotNull(status(202, "REFER"));
        TransferPeer.ok(peer, request("NOTIFY"));
        return id;
    }

    private SipTestPeer.Msg notifyOf(String sipCallId) throws Exception {
        return peer.expect(m -> "NOTIFY".equals(m.method()) && sipCallId.equals(m.header("Call-ID")), 3000);
    }

    @Test
    void theCallPlacedForATransferReportsItsProgressOnTheTransferredCall() throws Exception {
        String id = acceptedTransfer();
        String placed = engine.placeTransferCall(id, new org.dualsip.api.call.OutboundCallRequest("app",
                "sip:service@" + HOST, "sip:carol@" + PEER_HOST + ":" + PEER_PORT, AutoAnswerApplication.SDP,
                java.util.Map.of("Referred-By", "<sip:alice@127.0.0.1>")));
        SipTestPeer.Msg invite = request("INVITE");
        assertNotNull(invite, "the transfer call was not placed");
        assertEquals("<sip:alice@127.0.0.1>", invite.header("Referred-By"));
        String target = "sip:carol@" + PEER_HOST + ":" + PEER_PORT;
        peer.send(TransferPeer.answerInvite(invite, 180, "Ringing", "carol1", target));
        SipTestPeer.Msg ringing = notifyOf(d.callId);
        assertNotNull(ringing, "no NOTIFY 180 on the transferred call");
        assertEquals("SIP/2.0 180 Ringing", ringing.body().trim());
        TransferPeer.ok(peer, ringing);
        peer.send(TransferPeer.answerInvite(invite, 200, "OK", "carol1", target));
        SipTestPeer.Msg done = notifyOf(d.callId);
        assertNotNull(done, "no final NOTIFY on the transferred call");
        assertEquals("SIP/2.0 200 OK", done.body().trim());
        assertTrue(done.header("Subscription-State").startsWith("terminated"));
        TransferPeer.ok(peer, done);
        assertNotNull(peer.expect(m -> "ACK".equals(m.method()) && invite.header("Call-ID").equals(m.header("Call-ID")),
                3000), "the transfer call's 200 was not ACKed");
        assertEquals(CallState.CONFIRMED, engine.find(placed).orElseThrow().state());
        assertEquals(id, engine.store().find(placed).orElseThrow().transfer().transferOf());
    }

    @Test
    void aTransferCallThatFailsReportsItsCodeAndOnlyAnAcceptedTransferGetsOne() throws Exception {
        assertThrows(CallControlException.class, () -> engine.placeTransferCall(confirmed(new Dialogs(peer,
                HOST + ":" + PORT), null), new org.dualsip.api.call.OutboundCallRequest("app", "sip:s@x",
                "sip:carol@x", AutoAnswerApplication.SDP, null)));
        String id = acceptedTransfer();
        engine.placeTransferCall(id, new org.dualsip.api.call.OutboundCallRequest("app", "sip:service@" + HOST,
                "sip:carol@" + PEER_HOST + ":" + PEER_PORT, AutoAnswerApplication.SDP, null));
        SipTestPeer.Msg invite = request("INVITE");
        peer.send(TransferPeer.answerInvite(invite, 486, "Busy Here", "carol2", "sip:carol@" + PEER_HOST));
        SipTestPeer.Msg failed = notifyOf(d.callId);
        assertNotNull(failed, "no NOTIFY for the failed transfer call");
        assertTrue(failed.body().startsWith("SIP/2.0 486 "), failed.body());
        TransferPeer.ok(peer, failed);
        assertTrue(failed.header("Subscription-State").startsWith("terminated"));
    }

    @Test
    void aRefusedReferGetsTheApplicationsCodeAndTheCallCarriesOn() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.61")));
        app.await(CallEvent.TransferRequested.class, id, 3000);
        engine.refuseTransfer(id, 603);
        assertNotNull(status(603, "REFER"));
        assertNull(peer.expect(m -> "NOTIFY".equals(m.method()) && d.callId.equals(m.header("Call-ID")), 300),
                "a NOTIFY after a refusal");
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
        assertThrows(CallControlException.class, () -> engine.acceptTransfer(id));
        // the next REFER is taken again
        app.events.clear(); // before the REFER: its event may come at once
        peer.send(TransferPeer.refer(d, 3, TransferPeer.referTo("tel:+4420123")));
        assertEquals("tel:+4420123", app.await(CallEvent.TransferRequested.class, id, 3000).referTo());
        engine.refuseTransfer(id, 486);
        assertNotNull(status(486, "REFER"));
    }

    @Test
    void aBadReferToIsRefused400NamingTheProblemAndTheCallIsKept() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, "Refer-To: <http://example.com/x>"));
        SipTestPeer.Msg bad = status(400, "REFER");
        assertNotNull(bad);
        assertTrue(bad.firstLine().contains("Refer-To"), bad.firstLine());
        // without a Refer-To, or with two, the parser refuses the REFER (the stack answers 400)
        peer.send(TransferPeer.refer(d, 3, null));
        assertNotNull(status(400, "REFER"), "no 400 for a REFER without Refer-To");
        peer.send(TransferPeer.refer(d, 4, "Refer-To: <sip:a@x>\nRefer-To: <sip:b@x>"));
        assertNotNull(status(400, "REFER"), "no 400 for a REFER with two Refer-To");
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
        assertTrue(app.events.stream().noneMatch(e -> e instanceof CallEvent.TransferRequested));
    }

    @Test
    void referOutsideADialogIs405AndNotifyOutsideOne481() throws Exception {
        peer.send(d.request("REFER", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, false,
                TransferPeer.referTo("sip:carol@x"), null));
        SipTestPeer.Msg refused = status(405, "REFER");
        assertNotNull(refused);
        peer.send(d.request("NOTIFY", d.uri(), "z9hG4bK" + SipTestPeer.id(), 2, false, "Event: refer", null));
        assertNotNull(status(481, "NOTIFY"));
    }

    @Test
    void anUndecidedReferIsDeclinedAfter64T1() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@127.0.0.61")));
        app.await(CallEvent.TransferRequested.class, id, 3000);
        assertNotNull(peer.expect(m -> m.status() == 603 && "REFER".equals(m.cseqMethod()), 8000), "no 603");
        assertEquals(Transfer.Stage.REFUSED, transferOf(id).stage());
        assertThrows(CallControlException.class, () -> engine.acceptTransfer(id));
    }

    @Test
    void aSecondReferWhileOneIsInProgressGets500WithRetryAfter() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@x")));
        app.await(CallEvent.TransferRequested.class, id, 3000);
        peer.send(TransferPeer.refer(d, 3, TransferPeer.referTo("sip:dave@x")));
        SipTestPeer.Msg busy = status(500, "REFER");
        assertNotNull(busy);
        assertEquals("2", busy.header("Retry-After").trim());
        engine.refuseTransfer(id, 603);
        assertNotNull(status(603, "REFER"));
    }

    @Test
    void aNotifyAnswered481EndsTheSubscriptionQuietly() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@x")));
        app.await(CallEvent.TransferRequested.class, id, 3000);
        engine.acceptTransfer(id);
        SipTestPeer.Msg trying = request("NOTIFY");
        peer.send(TransferPeer.answer(trying, 481, "Subscription Does Not Exist", null));
        awaitTransfer(id, t -> t.stage() == Transfer.Stage.TERMINATED);
        assertThrows(CallControlException.class, () -> engine.transferProgress(id, 200));
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
    }

    @Test
    void referSubFalseIsHonouredWithoutNotify() throws Exception {
        String id = confirmed(d, null);
        peer.send(TransferPeer.refer(d, 2, TransferPeer.referTo("sip:carol@x") + "\nRefer-Sub: false"));
        app.await(CallEvent.TransferRequested.class, id, 3000);
        engine.acceptTransfer(id);
        SipTestPeer.Msg accepted = status(202, "REFER");
        assertEquals("false", accepted.header("Refer-Sub").trim());
        engine.transferProgress(id, 200);
        assertNull(peer.expect(m -> "NOTIFY".equals(m.method()) && d.callId.equals(m.header("Call-ID")), 400),
                "a NOTIFY despite Refer-Sub: false");
    }

    @Test
    void asTransferorTheReferAndEachNotifyReachTheApplication() throws Exception {
        String id = confirmed(d, null);
        engine.transfer(id, "sip:carol@127.0.0.61");
        SipTestPeer.Msg refer = request("REFER");
        assertNotNull(refer, "no REFER sent");
        assertEquals("<sip:carol@127.0.0.61>", refer.header("Refer-To"));
        assertThrows(CallControlException.class, () -> engine.transfer(id, "sip:dave@x")); // one at a time
        peer.send(TransferPeer.answer(refer, 202, "Accepted", null));
        CallEvent.TransferStatus accepted = app.await(CallEvent.TransferStatus.class, id, 3000);
        assertEquals(202, accepted.code());
        assertFalse(accepted.finished());
        long referCSeq = TransferPeer.cseq(refer);

        app.events.clear();
        peer.send(TransferPeer.notify(d, 2, referCSeq, 100, false));
        assertNotNull(status(200, "NOTIFY"));
        assertEquals(100, app.await(CallEvent.TransferStatus.class, id, 3000).code());
        app.events.clear();
        peer.send(TransferPeer.notify(d, 3, referCSeq + 7, 200, true)); // another subscription id
        assertNotNull(status(481, "NOTIFY"));
        peer.send(TransferPeer.notify(d, 4, referCSeq, 200, true));
        assertNotNull(status(200, "NOTIFY"));
        CallEvent.TransferStatus done = app.await(CallEvent.TransferStatus.class, id, 3000);
        assertEquals(200, done.code());
        assertTrue(done.finished());
        peer.send(TransferPeer.notify(d, 5, referCSeq, 200, true)); // subscription over
        assertNotNull(status(481, "NOTIFY"));
        assertThrows(CallControlException.class, () -> engine.transfer(id, "http://x"));
    }

    @Test
    void aNotifyOvertakingThe202StillLetsTheApplicationHearOfTheAcceptance() throws Exception {
        String id = confirmed(d, null);
        engine.transfer(id, "sip:carol@127.0.0.61");
        SipTestPeer.Msg refer = request("REFER");
        assertNotNull(refer, "no REFER sent");
        long referCSeq = TransferPeer.cseq(refer);
        peer.send(TransferPeer.notify(d, 2, referCSeq, 100, false)); // RFC 3515: a NOTIFY may come first
        assertNotNull(status(200, "NOTIFY"));
        assertEquals(100, app.await(CallEvent.TransferStatus.class, id, 3000).code());
        app.events.clear();
        peer.send(TransferPeer.answer(refer, 202, "Accepted", null));
        CallEvent.TransferStatus accepted = app.await(CallEvent.TransferStatus.class, id, 3000);
        assertEquals(202, accepted.code());
        assertFalse(accepted.finished());
        app.events.clear();
        peer.send(TransferPeer.notify(d, 3, referCSeq, 200, true));
        assertNotNull(status(200, "NOTIFY"));
        CallEvent.TransferStatus done = app.await(CallEvent.TransferStatus.class, id, 3000);
        assertEquals(200, done.code());
        assertTrue(done.finished());
    }

    @Test
    void aReferRefusedByTheFarEndIsAFinishedStatus() throws Exception {
        String id = confirmed(d, null);
        engine.transfer(id, "sip:carol@127.0.0.61");
        SipTestPeer.Msg refer = request("REFER");
        peer.send(TransferPeer.answer(refer, 603, "Declined", null));
        CallEvent.TransferStatus st = app.await(CallEvent.TransferStatus.class, id, 3000);
        assertEquals(603, st.code());
        assertTrue(st.finished());
    }

    @Test
    void anInviteReplacingAConfirmedCallIsOfferedWithItsIdAndTheOldCallGetsBye() throws Exception {
        String oldId = confirmed(d, null);
        Dialogs d2 = new Dialogs(peer, HOST + ":" + PORT);
        String replaces = "Replaces: " + d.callId + ";to-tag=" + d.toTag + ";from-tag=" + d.fromTag;
        String newId = confirmed(d2, replaces);
        CallEvent.Offered offered = (CallEvent.Offered) app.events.stream()
                .filter(e -> e instanceof CallEvent.Offered && e.call().id().equals(newId)).findFirst().orElseThrow();
        assertEquals(oldId, offered.replaces());
        SipTestPeer.Msg bye = peer.expect(m -> "BYE".equals(m.method()) && d.callId.equals(m.header("Call-ID")), 3000);
        assertNotNull(bye, "the replaced call got no BYE");
        assertTrue(bye.header("Reason").contains("replaced"), bye.header("Reason"));
        TransferPeer.ok(peer, bye);
        CallEvent.Ended ended = app.await(CallEvent.Ended.class, oldId, 3000);
        assertEquals(EndReason.REPLACED, ended.reason());
        assertEquals(CallState.CONFIRMED, engine.find(newId).orElseThrow().state());
    }

    @Test
    void replacesThatMatchesNothingIs481AndMalformedIs400() throws Exception {
        String id = confirmed(d, null);
        Dialogs d2 = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(d2.request("INVITE", d2.uri(), d2.inviteBranch, 1, false,
                "Replaces: nosuch@x;to-tag=1;from-tag=2", Dialogs.OFFER));
        assertNotNull(peer.expect(m -> m.status() == 481 && d2.callId.equals(m.header("Call-ID")), 3000));
        Dialogs d3 = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(d3.request("INVITE", d3.uri(), d3.inviteBranch, 1, false,
                "Replaces: " + d.callId + ";to-tag=" + d.toTag, Dialogs.OFFER)); // no from-tag
        assertNotNull(peer.expect(m -> m.status() == 400 && d3.callId.equals(m.header("Call-ID")), 3000));
        Dialogs d4 = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(d4.request("INVITE", d4.uri(), d4.inviteBranch, 1, false,
                "Replaces: " + d.callId + ";to-tag=" + d.fromTag + ";from-tag=" + d.toTag, Dialogs.OFFER)); // swapped
        assertNotNull(peer.expect(m -> m.status() == 481 && d4.callId.equals(m.header("Call-ID")), 3000));
        assertEquals(CallState.CONFIRMED, engine.find(id).orElseThrow().state());
    }

    @Test
    void earlyOnlyAgainstAConfirmedCallIs486AnEarlyInboundDialog481AndAnEndedOne603() throws Exception {
        String id = confirmed(d, null);
        Dialogs d2 = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(d2.request("INVITE", d2.uri(), d2.inviteBranch, 1, false, "Replaces: " + d.callId + ";to-tag="
                + d.toTag + ";from-tag=" + d.fromTag + ";early-only", Dialogs.OFFER));
        assertNotNull(peer.expect(m -> m.status() == 486 && d2.callId.equals(m.header("Call-ID")), 3000));

        app.autoAnswer = false; // an inbound call left ringing: an early dialog we did not initiate
        Dialogs early = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(early.invite());
        String earlyId = offeredCallOf(early);
        engine.ring(earlyId, 180, null);
        SipTestPeer.Msg ringing = peer.expect(m -> m.status() == 180 && early.callId.equals(m.header("Call-ID")), 3000);
        Dialogs d3 = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(d3.request("INVITE", d3.uri(), d3.inviteBranch, 1, false, "Replaces: " + early.callId
                + ";to-tag=" + ringing.toTag() + ";from-tag=" + early.fromTag, Dialogs.OFFER));
        assertNotNull(peer.expect(m -> m.status() == 481 && d3.callId.equals(m.header("Call-ID")), 3000));
        engine.reject(earlyId, 486, null);

        peer.send(d.inDialog("BYE", 2, null)); // the first call ends; its record lingers 64*T1
        assertNotNull(status(200, "BYE"));
        app.await(CallEvent.Ended.class, id, 3000);
        Dialogs d4 = new Dialogs(peer, HOST + ":" + PORT);
        peer.send(d4.request("INVITE", d4.uri(), d4.inviteBranch, 1, false, "Replaces: " + d.callId + ";to-tag="
                + d.toTag + ";from-tag=" + d.fromTag, Dialogs.OFFER));
        assertNotNull(peer.expect(m -> m.status() == 603 && d4.callId.equals(m.header("Call-ID")), 3000));
    }

    @Test
    void optionsAnnounceReplacesAndReferIsAllowed() throws Exception {
        peer.send(d.request("OPTIONS", d.uri(), "z9hG4bK" + SipTestPeer.id(), 1, false, null, null));
        SipTestPeer.Msg ok = status(200, "OPTIONS");
        assertTrue(ok.headers().get("supported").stream().anyMatch(v -> v.contains("replaces")), ok.raw());
        assertTrue(ok.headers().get("allow").stream().anyMatch(v -> v.contains("REFER")), ok.raw());
    }
}
