package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Takeover;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines in one JVM joined by an in-test replicator (the bytes go straight to the other engine's
 * mirror): A is ACTIVE on 127.0.0.41:15101, B is PASSIVE and unbound; A dies without a word, B takes
 * over the same address and carries on the calls. The far end is a raw UDP peer on 127.0.0.40.
 */
class PairTakeoverTest {

    static final String HOST = "127.0.0.41";
    static final int PORT = 15101;
    static final String TARGET = HOST + ":" + PORT;
    static final String PROXY = "<sip:proxy@127.0.0.40:15102;lr>";

    CallEngine a;
    CallEngine b;
    TakeoverApp appA;
    TakeoverApp appB;
    TakeoverApp idleB;
    SipTestPeer peer;
    Dialogs d;

    /** AutoAnswerApplication that also records the takeovers it is told of. */
    static final class TakeoverApp extends AutoAnswerApplication {
        final List<Takeover> takeovers = new CopyOnWriteArrayList<>();
        /** What the application saw, in order: "takeover" or the event's class name. */
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile long takeoverMillis;

        TakeoverApp(CallEngine engine) {
            super(engine);
        }

        @Override
        public void onEvent(CallEvent event) {
            seen.add(event.getClass().getSimpleName());
            super.onEvent(event);
        }

        @Override
        public void onTakeover(Takeover t) {
            try {
                Thread.sleep(takeoverMillis); // a slow application: the call's events must wait for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            takeovers.add(t);
            seen.add("takeover");
        }
    }

    @BeforeEach
    void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000);
        a = new CallEngine("a", s);
        b = new CallEngine("b", s);
        appA = new TakeoverApp(a);
        appB = new TakeoverApp(b);
        idleB = new TakeoverApp(b);
        a.applications().add(appA, "app", ".*", 0, 1);
        b.applications().add(appB, "app", ".*", 0, 1);
        b.applications().add(idleB, "idle", "sip:nobody@.*", 0, 2);
        a.roleChanged(new RoleChange(Role.STARTING, Role.ACTIVE, "peer absent", 1, Instant.now()));
        b.roleChanged(new RoleChange(Role.STARTING, Role.PASSIVE, "peer active", 1, Instant.now()));
        a.replicator(rec -> {
            b.mirror().apply(rec);
            return RecordReplicator.Outcome.ACKNOWLEDGED;
        });
        a.bind(HOST, PORT, List.of("udp"));
        peer = new SipTestPeer("127.0.0.40", 15102, HOST, PORT);
        d = new Dialogs(peer, TARGET);
        peer.onlyCallId = d.callId;
    }

    @AfterEach
    void stop() {
        peer.close();
        // JAIN-SIP's stop sleeps a second: stop both at once
        java.util.concurrent.CompletableFuture<Void> stopA = java.util.concurrent.CompletableFuture.runAsync(a::stop);
        b.stop();
        stopA.join();
    }

    /**
     * A dies abruptly: no more replication, nothing more on SIP (its listening points are gone, and
     * with them anything it could send); B becomes ACTIVE in epoch 2 and binds the address.
     */
    private void takeOver() throws Exception {
        takeOver(false);
    }

    /** The role change and the binding of the address come in either order (two independent listeners). */
    private void takeOver(boolean bindFirst) throws Exception {
        a.replicator(null);
        a.unbind();
        if (bindFirst) {
            b.bind(HOST, PORT, List.of("udp"));
        }
        b.roleChanged(new RoleChange(Role.PASSIVE, Role.ACTIVE, "peer connection closed", 2, Instant.now()));
        if (!bindFirst) {
            b.bind(HOST, PORT, List.of("udp"));
        }
    }

    private String inviteWithRecordRoute() {
        return d.request("INVITE", d.uri(), d.inviteBranch, 1, false, "Record-Route: " + PROXY, Dialogs.OFFER);
    }

    private static <T extends CallEvent> T await(TakeoverApp app, Class<T> type) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (CallEvent e : app.events) {
                if (type.isInstance(e)) {
                    return type.cast(e);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + app.events);
    }

    private static Takeover awaitTakeover(TakeoverApp app) throws InterruptedException {
        for (int i = 0; i < 300 && app.takeovers.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertFalse(app.takeovers.isEmpty(), "the application is told of the takeover");
        return app.takeovers.get(0);
    }

    private static CallRecord awaitState(CallEngine e, String id, CallState state) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            CallRecord r = e.store().find(id).orElse(null);
            if (r != null && r.state() == state) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("call " + id + " never " + state + ": " + e.store().find(id));
    }

    private String confirmedOnA() throws Exception {
        peer.send(inviteWithRecordRoute());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok, "200 from A");
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = await(appA, CallEvent.Confirmed.class).call().id();
        awaitState(b, id, CallState.CONFIRMED);
        return id;
    }

    static String responseTo(SipTestPeer.Msg req, int code, String phrase) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(phrase).append('\n');
        for (String via : req.headers().get("via")) {
            r.append("Via: ").append(via).append('\n');
        }
        for (String h : List.of("From", "To", "Call-ID", "CSeq")) {
            r.append(h).append(": ").append(req.header(h)).append('\n');
        }
        return r.toString();
    }

    @Test
    void confirmedCallTakenOverAnswersTheFarEndsByeWithTheRightTags() throws Exception {
        String id = confirmedOnA();
        assertEquals(a.store().find(id).orElseThrow(), b.store().find(id).orElseThrow(), "B mirrors A exactly");
        takeOver();
        peer.clear();
        peer.send(d.inDialog("BYE", 2, null));
        SipTestPeer.Msg ok = peer.expectStatus(200, "BYE", 2000);
        assertNotNull(ok, "B answers the BYE");
        assertEquals(d.toTag, ok.toTag());
        assertTrue(ok.header("From").contains("tag=" + d.fromTag));
        assertEquals(CallState.ENDED, awaitState(b, id, CallState.ENDED).state());
        Takeover t = awaitTakeover(appB); // told on the event executor, not on the role thread
        assertEquals(2, t.epoch());
        assertEquals(List.of(id), t.calls().stream().map(c -> c.id()).toList());
    }

    @Test
    void applicationHangsUpOnTheNewActiveWithAHigherCSeqAlongTheRouteSet() throws Exception {
        String id = confirmedOnA();
        long cseqOnA = a.store().find(id).orElseThrow().localCSeq();
        takeOver();
        peer.clear();
        b.hangUp(id);
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 2000);
        assertNotNull(bye, "BYE from B");
        long cseq = Long.parseLong(bye.header("CSeq").split("\\s+")[0]);
        assertTrue(cseq > cseqOnA + 1, "CSeq " + cseq + " above anything A sent (" + cseqOnA + ")");
        assertEquals("sip:alice@127.0.0.40:15102", bye.requestUri(), "remote target from the Contact");
        assertEquals(PROXY, bye.header("Route"));
        assertTrue(bye.header("From").contains("tag=" + d.toTag), "our tag on From");
        assertTrue(bye.header("To").contains("tag=" + d.fromTag), "their tag on To");
        peer.send(responseTo(bye, 200, "OK"));
        awaitState(b, id, CallState.ENDED);
    }

    @Test
    void aByeTheOldActiveSentIsSentAgainByTheNewActiveWithAHigherCSeq() throws Exception {
        String id = confirmedOnA();
        peer.clear();
        a.hangUp(id);
        SipTestPeer.Msg first = peer.expectRequest("BYE", 2000);
        assertNotNull(first, "BYE from A, left unanswered");
        awaitState(b, id, CallState.TERMINATING);
        takeOver();
        SipTestPeer.Msg again = peer.expect(m -> "BYE".equals(m.method()) && !first.header("CSeq").equals(m.header("CSeq")), 2000);
        assertNotNull(again, "B sends the BYE again");
        long cseqA = Long.parseLong(first.header("CSeq").split("\\s+")[0]);
        long cseqB = Long.parseLong(again.header("CSeq").split("\\s+")[0]);
        assertTrue(cseqB > cseqA, cseqB + " > " + cseqA);
        peer.send(responseTo(again, 200, "OK"));
        assertEquals("LOCAL_HANGUP", awaitState(b, id, CallState.ENDED).endReason());
    }

    @Test
    void outboundCallStillUnansweredIsResentAndCompletedByTheNewActive() throws Exception {
        peer.onlyCallId = null;
        String id = a.placeCall(new org.dualsip.api.call.OutboundCallRequest("app", "sip:service@" + HOST,
                "sip:bob@127.0.0.40:15102", Dialogs.OFFER, java.util.Map.of("X-Trunk", "t7")));
        SipTestPeer.Msg first = peer.expectRequest("INVITE", 2000);
        assertNotNull(first, "INVITE from A, left unanswered");
        assertEquals("t7", first.header("X-Trunk"));
        awaitState(b, id, CallState.OFFERED);
        takeOver();
        SipTestPeer.Msg again = peer.expect(m -> "INVITE".equals(m.method()) && m.header("Via").contains("127.0.0.41")
                && m.header("Call-ID").equals(first.header("Call-ID")), 2000);
        assertNotNull(again, "B sends our INVITE again");
        assertEquals(first.header("Via").split(";branch=")[1].split(";")[0],
                again.header("Via").split(";branch=")[1].split(";")[0], "same branch: a retransmission to the far end");
        assertEquals(first.header("CSeq"), again.header("CSeq"));
        assertEquals("t7", again.header("X-Trunk"), "the application's headers come from the record");
        String to = again.header("To") + ";tag=bobtag";
        peer.send(responseTo(again, 180, "Ringing").replace("To: " + again.header("To"), "To: " + to));
        awaitState(b, id, CallState.RINGING);
        peer.send(responseTo(again, 200, "OK").replace("To: " + again.header("To"), "To: " + to)
                + "Contact: <sip:bob@127.0.0.40:15102>\nContent-Type: application/sdp\n\n" + Dialogs.OFFER);
        SipTestPeer.Msg ack = peer.expectRequest("ACK", 2000);
        assertNotNull(ack, "B ACKs the 2xx");
        assertTrue(ack.header("To").contains("tag=bobtag"));
        assertEquals("1 ACK", ack.header("CSeq"));
        awaitState(b, id, CallState.CONFIRMED);
        await(appB, CallEvent.Confirmed.class);
        assertEquals(List.of("takeover", "Ringing", "Answered", "Confirmed"), appB.seen);
    }

    @Test
    void answeredCallWaitingForAckGetsItsTwoHundredFromTheNewActive() throws Exception {
        appA.ring = false;
        peer.send(inviteWithRecordRoute());
        SipTestPeer.Msg first = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(first);
        String id = await(appA, CallEvent.Answered.class).call().id();
        awaitState(b, id, CallState.ANSWERED_WAITING_ACK);
        appB.takeoverMillis = 300;
        takeOver(true);
        peer.clear();
        SipTestPeer.Msg again = peer.expectStatus(200, "INVITE", 1000);
        assertNotNull(again, "B retransmits the 2xx");
        assertEquals(first.toTag(), again.toTag());
        assertEquals(first.body(), again.body());
        assertEquals(first.header("Via"), again.header("Via"));
        assertEquals(PROXY, again.header("Record-Route"));
        d.toTag = again.toTag();
        peer.send(d.ack(1));
        awaitState(b, id, CallState.CONFIRMED);
        await(appB, CallEvent.Confirmed.class);
        assertEquals(List.of("takeover", "Confirmed"), appB.seen, "onTakeover before any event of the call");
        peer.clear();
        assertNull(peer.expectStatus(200, "INVITE", 300), "no retransmission after the ACK");
    }

    /**
     * The ACK that confirms an inbound call is replicated without waiting: if the active dies before
     * it reaches the passive, the new active resumes the call as answered, repeats the 2xx, and the
     * far end's ACK (a retransmission of the one it sent) confirms it again.
     */
    @Test
    void anAckTheActiveDidNotWaitForIsBroughtForwardByTheFarEnd() throws Exception {
        java.util.List<Long> unwaited = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.replicator(new RecordReplicator() {
            @Override
            public Outcome replicate(org.dualsip.api.pair.ReplicatedRecord rec) {
                b.mirror().apply(rec);
                return Outcome.ACKNOWLEDGED;
            }

            @Override
            public void replicateWithoutWaiting(org.dualsip.api.pair.ReplicatedRecord rec) {
                unwaited.add(rec.version()); // lost with the active
            }
        });
        appA.ring = false;
        peer.send(inviteWithRecordRoute());
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        String id = await(appA, CallEvent.Confirmed.class).call().id();
        assertEquals(1, unwaited.size(), "only the confirmation went without waiting");
        assertEquals(CallState.ANSWERED_WAITING_ACK, b.store().find(id).orElseThrow().state());

        takeOver(true);
        peer.clear();
        SipTestPeer.Msg again = peer.expectStatus(200, "INVITE", 1000);
        assertNotNull(again, "B repeats the 2xx of the call it holds as answered");
        assertEquals(ok.toTag(), again.toTag());
        peer.send(d.ack(1));
        awaitState(b, id, CallState.CONFIRMED);
    }

    @Test
    void offeredCallIsAnsweredByTheApplicationAfterTheTakeover() throws Exception {
        appA.autoAnswer = false;
        peer.send(d.invite());
        assertNotNull(peer.expectStatus(100, "INVITE", 2000));
        String id = await(appA, CallEvent.Offered.class).call().id();
        awaitState(b, id, CallState.OFFERED);
        String localTag = b.store().find(id).orElseThrow().dialog().localTag();
        appB.autoAnswer = false;
        takeOver();
        await(appB, CallEvent.Offered.class);
        assertEquals(List.of("takeover", "Offered"), appB.seen, "told of the takeover, then offered the call again");
        peer.clear();
        peer.send(d.invite()); // the caller's retransmission reaches the new active
        assertNotNull(peer.expectStatus(100, "INVITE", 2000), "a retransmitted INVITE gets 100 from the new active");
        assertEquals(1, appB.takeovers.size(), "told once");
        assertEquals(List.of(id), appB.takeovers.get(0).calls().stream().map(c -> c.id()).toList());
        assertEquals(1, idleB.takeovers.size(), "every application is told, even one without calls");
        assertEquals(List.of(), idleB.takeovers.get(0).calls());
        assertEquals("peer connection closed", appB.takeovers.get(0).reason());

        b.ring(id, 180, null);
        SipTestPeer.Msg ringing = peer.expectStatus(180, "INVITE", 2000);
        assertNotNull(ringing);
        assertEquals(localTag, ringing.toTag());
        b.answer(id, AutoAnswerApplication.SDP);
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok, "200 from B");
        assertTrue(ok.header("Via").contains("branch=" + d.inviteBranch), "the original Via");
        assertTrue(ok.header("From").contains("tag=" + d.fromTag));
        assertEquals(localTag, ok.toTag());
        assertEquals(d.callId, ok.header("Call-ID"));
        assertTrue(ok.body().contains("m=audio 40000"));
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        awaitState(b, id, CallState.CONFIRMED);
    }

    @Test
    void unansweredCallIsOfferedAgainSoAnApplicationWithoutTakeoverCodeCompletesIt() throws Exception {
        appA.autoAnswer = false; // the old active's application never got to answer
        peer.send(d.invite());
        assertNotNull(peer.expectStatus(100, "INVITE", 2000));
        String id = await(appA, CallEvent.Offered.class).call().id();
        awaitState(b, id, CallState.OFFERED);
        peer.clear();
        takeOver(); // appB answers whatever it is offered, as the demo application does
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 2000);
        assertNotNull(ok, "answered by the new active's application, offered the call again");
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        awaitState(b, id, CallState.CONFIRMED);
    }

    @Test
    void cancelOfAnOfferedCallAfterTheTakeoverGets200And487() throws Exception {
        appA.autoAnswer = false;
        peer.send(d.invite());
        String id = await(appA, CallEvent.Offered.class).call().id();
        awaitState(b, id, CallState.OFFERED);
        appB.autoAnswer = false;
        takeOver();
        peer.clear();
        peer.send(d.cancel());
        assertNotNull(peer.expectStatus(200, "CANCEL", 2000), "200 to CANCEL");
        SipTestPeer.Msg terminated = peer.expectStatus(487, "INVITE", 2000);
        assertNotNull(terminated, "487 to the INVITE");
        assertTrue(terminated.header("Via").contains("branch=" + d.inviteBranch));
        assertEquals(CallState.ENDED, awaitState(b, id, CallState.ENDED).state());
    }

    @Test
    void passiveEngineSendsNothingAndRefusesCommands() throws Exception {
        appA.ring = false;
        peer.send(d.invite());
        assertNotNull(peer.expectStatus(200, "INVITE", 2000));
        String id = await(appA, CallEvent.Answered.class).call().id();
        awaitState(b, id, CallState.ANSWERED_WAITING_ACK);
        // B listens on its own address while PASSIVE: it still answers nothing
        b.bind("127.0.0.42", 15103, List.of("udp"));
        // A is demoted (as in a switchover): its 2xx retransmissions stop at once
        a.roleChanged(new RoleChange(Role.ACTIVE, Role.PASSIVE, "switchover", 2, Instant.now()));
        Thread.sleep(60);
        peer.clear();
        assertNull(peer.expectStatus(200, "INVITE", 400), "no 2xx retransmission from a passive");
        CallControlException refused = assertThrows(CallControlException.class, () -> b.hangUp(id));
        assertEquals(CallControlException.Reason.NOT_ACTIVE, refused.reason());
        assertTrue(refused.getMessage().contains("PASSIVE"), refused.getMessage());
        assertThrows(CallControlException.class, () -> a.hangUp(id));
        assertEquals(Role.PASSIVE, b.status().role());
        assertEquals(1, b.calls().size(), "the mirror is listed");
        try (SipTestPeer toB = new SipTestPeer("127.0.0.40", 15104, "127.0.0.42", 15103)) {
            Dialogs other = new Dialogs(toB, "127.0.0.42:15103");
            toB.send(other.invite());
            toB.send(other.request("OPTIONS", other.uri(), "z9hG4bK" + SipTestPeer.id(), 1, false, null, null));
            assertNull(toB.expect(m -> true, 400), "a passive answers nothing");
        }
    }

    @Test
    void anOlderRecordNeverOverwritesANewerOneThroughTheMirror() throws Exception {
        appA.autoAnswer = false;
        peer.send(d.invite());
        String id = await(appA, CallEvent.Offered.class).call().id();
        CallRecord offered = awaitState(b, id, CallState.OFFERED);
        a.ring(id, 180, null);
        CallRecord ringing = awaitState(b, id, CallState.RINGING);
        b.mirror().apply(new org.dualsip.api.pair.ReplicatedRecord(id, offered.version(), false,
                org.dualsip.sip.record.CallRecordCodec.encode(offered)));
        assertEquals(ringing, b.store().find(id).orElseThrow());
        b.mirror().apply(new org.dualsip.api.pair.ReplicatedRecord(id, 99, false, new byte[] {1, 2, 3}));
        assertEquals(ringing, b.store().find(id).orElseThrow(), "an undecodable record changes nothing");
        assertEquals(1, ((CallMirror) b.mirror()).undecodable());
        List<String> snapshot = new java.util.ArrayList<>();
        b.mirror().snapshot().forEach(r -> snapshot.add(r.key() + "@" + r.version()));
        assertEquals(List.of(id + "@" + ringing.version()), snapshot);
        CallRecord ended = ringing.ended("CANCELLED", 487).withVersion(ringing.version() + 1);
        b.mirror().apply(new org.dualsip.api.pair.ReplicatedRecord(id, ended.version(), false,
                org.dualsip.sip.record.CallRecordCodec.encode(ended)));
        assertFalse(b.mirror().snapshot().iterator().hasNext(), "ended calls are not part of a full transfer");
        b.mirror().clear();
        assertTrue(b.store().find(id).isEmpty());
    }
}
