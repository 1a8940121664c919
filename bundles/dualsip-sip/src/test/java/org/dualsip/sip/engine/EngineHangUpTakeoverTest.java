package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.Takeover;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.CallRecordCodec;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A BYE the engine decides on its own (session expired, no ACK for our 2xx) survives the death of the
 * active right after its commit: two engines in one JVM (A active, B passive mirroring A) sharing the
 * service address 127.0.0.150:16150, the far end a raw UDP peer on 127.0.0.151:16151. A "dies" inside
 * the replication of the record that decides the BYE (it stops serving before the BYE can leave), B
 * takes over and sends that BYE, with its Reason and a CSeq above anything A could have sent, once.
 * Session interval 6 s (Min-SE 2): expiry 4 s after the last refresh. T1 50 ms: Timer H 3.2 s.
 */
class EngineHangUpTakeoverTest {

    static final String HOST = "127.0.0.150";
    static final int PORT = 16150;
    static final String PEER_HOST = "127.0.0.151";
    static final int PEER_PORT = 16151;

    CallEngine a;
    CallEngine b;
    AutoAnswerApplication appA;
    TakeoverRecorder appB;
    SipTestPeer peer;
    Dialogs d;
    /** The record A committed last before it died (the one that decided the BYE). */
    volatile CallRecord lastOfA;

    /** Records the takeover notices besides the events. */
    static final class TakeoverRecorder extends AutoAnswerApplication {
        final List<Takeover> takeovers = new CopyOnWriteArrayList<>();

        TakeoverRecorder(CallEngine control) {
            super(control);
        }

        @Override
        public void onTakeover(Takeover takeover) {
            takeovers.add(takeover);
        }
    }

    @BeforeEach
    void start() throws Exception {
        StackSettings s = StackSettings.defaults().withPort(PORT, List.of("udp")).withTimers(50, 400, 2000)
                .withSessionTimer(6, 2);
        a = new CallEngine("a", s);
        b = new CallEngine("b", s);
        appA = new AutoAnswerApplication(a);
        appB = new TakeoverRecorder(b);
        a.applications().add(appA, "app", ".*", 0, 1);
        b.applications().add(appB, "app", ".*", 0, 1);
        a.roleChanged(new RoleChange(Role.STARTING, Role.ACTIVE, "peer absent", 1, Instant.now()));
        b.roleChanged(new RoleChange(Role.STARTING, Role.PASSIVE, "peer active", 1, Instant.now()));
        a.bind(HOST, PORT, List.of("udp"));
        peer = new SipTestPeer(PEER_HOST, PEER_PORT, HOST, PORT);
        d = new Dialogs(peer, HOST + ":" + PORT);
        peer.onlyCallId = d.callId;
    }

    @AfterEach
    void stop() {
        peer.close();
        CompletableFuture<Void> stopA = CompletableFuture.runAsync(a::stop);
        b.stop();
        stopA.join();
    }

    /**
     * Every record of A is mirrored by B; the first one matching {@code last} is the last thing A does:
     * it stops serving inside that record's replication, so nothing queued after the commit leaves it.
     */
    private void aDiesAfterCommitting(Predicate<CallRecord> last) {
        a.replicator(rec -> {
            b.mirror().apply(rec);
            CallRecord r = decode(rec.payload());
            if (!rec.removed() && lastOfA == null && last.test(r)) {
                lastOfA = r;
                a.roleChanged(new RoleChange(Role.ACTIVE, Role.FENCED, "killed", 1, Instant.now()));
            }
            return RecordReplicator.Outcome.ACKNOWLEDGED;
        });
    }

    private static CallRecord decode(byte[] payload) {
        try {
            return payload.length == 0 ? null : CallRecordCodec.decode(payload);
        } catch (CallRecordCodec.UndecodableRecordException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean byeDecided(CallRecord r) {
        return r != null && r.state() == CallState.TERMINATING && r.endDecided();
    }

    /** A is gone: its address is released; B becomes ACTIVE in epoch 2 and binds it. */
    private void bTakesOver() throws Exception {
        a.unbind();
        b.roleChanged(new RoleChange(Role.PASSIVE, Role.ACTIVE, "peer connection closed", 2, Instant.now()));
        b.bind(HOST, PORT, List.of("udp"));
    }

    private void awaitDeath(long millis) throws InterruptedException {
        for (long waited = 0; lastOfA == null && waited < millis; waited += 10) {
            Thread.sleep(10);
        }
        assertNotNull(lastOfA, "A decided the BYE within " + millis + " ms");
    }

    private static long cseq(SipTestPeer.Msg m) {
        return Long.parseLong(m.header("CSeq").trim().split("\\s+")[0]);
    }

    /**
     * B's BYE: the decided one (Reason, CSeq above A's by the takeover margin), answered 200, and no
     * other BYE (retransmissions of that one aside); B's record ENDED with A's reason, and B's application
     * neither told of the call on takeover nor sent a second Ended.
     */
    private void bSendsTheDecidedByeOnce(String id, EndReason why, String reasonText) throws Exception {
        SipTestPeer.Msg bye = peer.expectRequest("BYE", 5000);
        assertNotNull(bye, "the BYE A decided, from B");
        assertEquals(lastOfA.localCSeq() + CallResumption.CSEQ_MARGIN + 1, cseq(bye),
                "above anything A sent (A's BYE CSeq " + lastOfA.localCSeq() + ")");
        String reason = bye.header("Reason");
        assertNotNull(reason, "the BYE carries its Reason");
        assertTrue(reason.contains(reasonText), reason);
        peer.send(PairTakeoverTest.responseTo(bye, 200, "OK"));
        String via = bye.header("Via");
        assertNull(peer.expect(m -> "BYE".equals(m.method()) && !via.equals(m.header("Via")), 1500),
                "one BYE (retransmissions of it aside)");
        for (int i = 0; i < 300 && b.store().find(id).map(r -> r.state() != CallState.ENDED).orElse(true); i++) {
            Thread.sleep(10);
        }
        CallRecord ended = b.store().find(id).orElseThrow();
        assertEquals(CallState.ENDED, ended.state(), "the BYE's answer closes B's record");
        assertEquals(why.name(), ended.endReason());
        assertEquals(1, appB.takeovers.size());
        assertTrue(appB.takeovers.get(0).calls().isEmpty(), "a call whose end is decided is no live call");
        assertTrue(appB.events.stream().noneMatch(e -> e instanceof CallEvent.Ended), "Ended was told once, by A");
    }

    private String confirmedOnA(String sessionHeaders) throws Exception {
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, sessionHeaders, Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag();
        peer.send(d.ack(1));
        return appA.await(CallEvent.Confirmed.class, null, 5000).call().id();
    }

    @Test
    void theByeOfAnExpiredSessionDecidedByTheOldActiveIsSentOnceByTheNewOne() throws Exception {
        aDiesAfterCommitting(EngineHangUpTakeoverTest::byeDecided);
        String id = confirmedOnA("Supported: timer\nSession-Expires: 6;refresher=uac");
        awaitDeath(8000); // the far end never refreshes: expiry after 4 s
        assertEquals(EndReason.SESSION_EXPIRED.name(), lastOfA.endReason());
        CallEvent.Ended told = appA.await(CallEvent.Ended.class, id, 3000);
        assertEquals(EndReason.SESSION_EXPIRED, told.reason(), "the application is told when the BYE is decided");
        assertEquals(CallState.ENDED, told.call().state());
        assertEquals(CallState.TERMINATING, b.store().find(id).orElseThrow().state(), "B holds the BYE to send");
        assertNull(peer.expectRequest("BYE", 500), "A, dead after its commit, sent no BYE");

        bTakesOver();
        bSendsTheDecidedByeOnce(id, EndReason.SESSION_EXPIRED, "cause=408;text=\"session expired\"");
        assertEquals(1, appA.events.stream().filter(e -> e instanceof CallEvent.Ended).count());
    }

    @Test
    void theByeOfTimerHDecidedByTheOldActiveIsSentOnceByTheNewOne() throws Exception {
        aDiesAfterCommitting(EngineHangUpTakeoverTest::byeDecided);
        peer.send(d.request("INVITE", d.uri(), d.inviteBranch, 1, false, null, Dialogs.OFFER));
        SipTestPeer.Msg ok = peer.expectStatus(200, "INVITE", 3000);
        assertNotNull(ok);
        d.toTag = ok.toTag(); // and no ACK, ever: Timer H (64*T1 = 3.2 s)
        awaitDeath(8000);
        String id = lastOfA.id();
        assertEquals(EndReason.ACK_TIMEOUT.name(), lastOfA.endReason());
        assertEquals(EndReason.ACK_TIMEOUT, appA.await(CallEvent.Ended.class, id, 3000).reason());
        assertNull(peer.expectRequest("BYE", 500), "A, dead after its commit, sent no BYE");

        bTakesOver();
        bSendsTheDecidedByeOnce(id, EndReason.ACK_TIMEOUT, "cause=408;text=\"no ACK for our 2xx\"");
        peer.clear();
        assertNull(peer.expectStatus(200, "INVITE", 500), "B does not repeat the 2xx of a call it is ending");
    }

    @Test
    void theFarEndsByeCrossingOursClosesTheCallWithoutASecondEnded() throws Exception {
        a.replicator(rec -> {
            b.mirror().apply(rec);
            return RecordReplicator.Outcome.ACKNOWLEDGED;
        });
        String id = confirmedOnA("Supported: timer\nSession-Expires: 6;refresher=uac");
        SipTestPeer.Msg ours = peer.expectRequest("BYE", 8000);
        assertNotNull(ours, "the expiry's BYE");
        assertEquals(CallState.TERMINATING, a.store().find(id).orElseThrow().state(), "until its answer");
        peer.send(d.inDialog("BYE", 2, null)); // theirs crosses ours, which stays unanswered
        assertNotNull(peer.expectStatus(200, "BYE", 3000));
        CallRecord ended = a.store().find(id).orElseThrow();
        assertEquals(CallState.ENDED, ended.state());
        assertEquals(EndReason.SESSION_EXPIRED.name(), ended.endReason(), "the reason the application was told");
        Thread.sleep(300);
        assertEquals(List.of(EndReason.SESSION_EXPIRED), appA.events.stream()
                .filter(e -> e instanceof CallEvent.Ended).map(e -> ((CallEvent.Ended) e).reason()).toList());
    }
}
