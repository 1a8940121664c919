package org.dualsip.sip.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.Takeover;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.sip.record.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changes for the calls when the node stops or starts serving: silenced (timers cancelled,
 * records kept) when it leaves ACTIVE/STANDALONE, resumed from the records when it enters them, and
 * the applications told of a takeover before any event of their resumed calls.
 */
final class CallResumption {

    private static final Logger LOG = LoggerFactory.getLogger(CallResumption.class);

    /**
     * Added to every live call's local CSeq on takeover: the replicated record may be one request
     * behind what the old active sent (replication timed out), and our next request must still be
     * above it (RFC 3261 12.2.1.1).
     */
    static final long CSEQ_MARGIN = 100;

    private static final long NOTIFY_WAIT_MILLIS = 5000;

    private final CallEngine engine;
    private final AnswerRetransmitter retransmitter;
    private final OutboundCalls outbound;
    private final SessionTimers sessionTimers;
    private final Transfers transfers;
    private final InboundCalls inbound;
    private final ExecutorService notifier;
    private volatile CountDownLatch notified = new CountDownLatch(0);
    /** A move to ACTIVE/STANDALONE whose calls wait for the listening point; guarded by this. */
    private RoleChange pending;

    CallResumption(CallEngine engine, InboundCalls inbound, OutboundCalls outbound,
                   SessionTimers sessionTimers, Transfers transfers, ExecutorService notifier) {
        this.transfers = transfers;
        this.engine = engine;
        this.inbound = inbound;
        this.retransmitter = inbound.retransmitter;
        this.outbound = outbound;
        this.sessionTimers = sessionTimers;
        this.notifier = notifier;
    }

    /**
     * The node serves again. Its calls are resumed once it also listens: the floating-IP component
     * binds SIP in its own listener of the same role change, before or after this one, and a 2xx or
     * BYE resent before the listening point exists would be lost. Until the applications are told,
     * events of the calls wait.
     */
    void serving(RoleChange change) {
        notified.countDown();
        if (engine.store().size() > 0) {
            notified = new CountDownLatch(1); // nothing to hold back without calls
        }
        synchronized (this) {
            pending = change;
        }
        listening();
    }

    /** SIP listening points are (re)bound: resume the calls if a role change waits for it. */
    void listening() {
        RoleChange change;
        synchronized (this) {
            if (pending == null || engine.provider() == null || !engine.serving()) {
                return;
            }
            change = pending;
            pending = null;
        }
        resume(change);
    }

    /** The node stopped serving: nothing of ours may go out any more; the records stay. */
    void silence() {
        synchronized (this) {
            pending = null;
        }
        notified.countDown();
        transfers.silence();
        for (CallSession s : engine.sessions()) {
            synchronized (s) {
                s.cancelRetransmit();
                s.cancelSessionTick(); // a passive never fires a session timer
                s.cancelOfferRetry(); // nor sends a glare retry
                if (s.outboundInvite != null) {
                    try {
                        s.outboundInvite.terminate(); // JAIN-SIP would retransmit our INVITE by itself
                    } catch (Exception e) {
                        LOG.debug("call {}: terminating the INVITE transaction: {}", s.id, e.toString());
                    }
                    s.outboundInvite = null;
                }
            }
        }
    }

    /** Carries on every call from its record, then tells the applications. */
    private void resume(RoleChange change) {
        CountDownLatch gate = notified; // set by serving(): events of resumed calls wait for the notice
        List<CallRecord> live = new ArrayList<>();
        try {
            for (CallSession s : engine.sessions()) {
                try {
                    CallRecord r = resume(s);
                    if (r.state().isLive() && !r.endDecided()) { // the application was told of a decided end
                        live.add(r);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("call {}: not resumed: {}", s.id, e.toString(), e);
                }
            }
        } finally {
            boolean takeover = change.from() == Role.PASSIVE || !live.isEmpty();
            if (takeover) {
                LOG.info("took over {} live calls (epoch {}, {})", live.size(), change.epoch(), change.reason());
                try {
                    notifier.execute(() -> notifyApplications(change, live, gate));
                } catch (RejectedExecutionException e) {
                    gate.countDown(); // the engine is stopping
                }
            } else {
                gate.countDown();
            }
        }
    }

    private CallRecord resume(CallSession s) {
        synchronized (s) {
            s.dropTransactions(); // any we hold belong to a provider from before the role change
            CallRecord r = s.record();
            if (r.state() == CallState.ENDED) {
                engine.scheduleForget(s);
                return r;
            }
            CallRecord next = engine.commit(s, r.withLocalCSeq(r.localCSeq() + CSEQ_MARGIN));
            switch (next.state()) {
                case ANSWERED_WAITING_ACK -> {
                    if (next.direction() == Direction.INBOUND) {
                        resendAnswer(s, next);
                    } else {
                        answerLateOfferAgain(s, next);
                    }
                }
                case TERMINATING -> finishHangUp(s, next);
                case OFFERED, RINGING -> {
                    if (next.direction() == Direction.OUTBOUND) {
                        outbound.resendInvite(s, next); // our INVITE's transaction died with the old active
                    } else {
                        inbound.reliable.resume(s, next); // a provisional still awaiting its PRACK goes again
                        offerAgain(s, next);
                    }
                }
                default -> { } // CONFIRMED: the next event comes from the app or the far end
            }
            if (next.reoffer() != null && next.reoffer().isAnswered() && "INVITE".equals(next.reoffer().method())) {
                retransmitter.start(s, next.reoffer().cseq()); // re-INVITE 2xx still awaiting its ACK
            }
            outbound.localOffers.resume(s, s.record()); // a glare retry, or the answer to our offer in flight
            // from the record: a refresh or expiry already due fires now, a refresh already sent
            // (refreshCSeq) is not sent again: its answer is recognised by its CSeq
            sessionTimers.arm(s);
            transfers.resume(s, s.record()); // a REFER undecided, a NOTIFY unanswered, a replaced call
            return s.record();
        }
    }

    /**
     * An inbound call still unanswered: whatever the application did with its Offered event at the old
     * active (an answer sent there after this record, or refused there once it was demoted) is lost, and
     * an application that keeps no state of its own would never act on it again. So it is offered again
     * here (after onTakeover); ring/answer/reject build their response from the record.
     */
    private void offerAgain(CallSession s, CallRecord r) {
        engine.emit(s, new CallEvent.Offered(r.toCall()));
    }

    /**
     * Our offerless INVITE's 2xx brought the far end's offer and the old active waited for the
     * application's answer: asked again here (Answered after onTakeover), bounded again by 64*T1.
     */
    private void answerLateOfferAgain(CallSession s, CallRecord r) {
        outbound.lateOffers.armAnswerTimeout(s, engine.settings().t1Millis() * 64);
        engine.emit(s, new CallEvent.Answered(r.toCall()));
    }

    /** Our 2xx awaited its ACK at the old active: send it again now, then as RFC 3261 says, Timer H from now. */
    private void resendAnswer(CallSession s, CallRecord r) {
        engine.send(s, () -> retransmitter.resend(r, r.invite(), null));
        retransmitter.start(s, r.invite().cseq());
    }

    /**
     * The hang-up the old active began: send its BYE or CANCEL again (the response ends the call). A BYE
     * the engine decided on its own (session expired, no ACK, ...) goes again with its Reason.
     */
    private void finishHangUp(CallSession s, CallRecord r) {
        if (r.endDecided()) {
            outbound.hangUps.resend(s, r);
            return;
        }
        boolean earlyOutbound = r.direction() == Direction.OUTBOUND && r.invite() != null
                && (r.dialog().remoteTag() == null || r.sdpAnswer() == null);
        if (earlyOutbound) {
            outbound.sendCancel(s, engine.commit(s, r.withHangUpPending(false)));
        } else {
            outbound.bye(s);
        }
    }

    private void notifyApplications(RoleChange change, List<CallRecord> live, CountDownLatch gate) {
        try {
            for (ApplicationRegistry.Entry app : engine.applications().all()) {
                List<Call> calls = live.stream().filter(r -> app.name().equals(r.application()))
                        .map(CallRecord::toCall).toList();
                tell(app, new Takeover(change.epoch(), change.reason(), calls));
            }
        } finally {
            gate.countDown();
        }
    }

    private static void tell(ApplicationRegistry.Entry app, Takeover takeover) {
        try {
            app.app().onTakeover(takeover);
        } catch (Throwable t) {
            LOG.warn("application {} failed on takeover: {}", app.name(), t.toString(), t);
        }
    }

    /** Holds an event back until the applications have been told of the takeover (bounded). */
    void awaitNotified() {
        CountDownLatch gate = notified;
        if (gate.getCount() == 0) {
            return;
        }
        try {
            if (!gate.await(NOTIFY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("takeover notice still running after {} ms; events go on", NOTIFY_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
