package org.dualsip.sip.engine;

import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.OfferAnswer.Phase;
import org.dualsip.sip.record.SessionTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's own offers in a dialog: a re-INVITE ({@code CallControl.reoffer}, confirmed
 * dialogs) or an UPDATE ({@code CallControl.update}, also in early dialogs once the INVITE's
 * offer/answer is complete). Each is an outstanding LOCAL_OFFER in the record until its final
 * response; a 491 (glare) sends it again after RFC 3261 14.1's random time, with a new CSeq, at most
 * {@link #MAX_GLARE_RETRIES} times: the application sees {@code ReofferAnswered} only for the final
 * outcome. The retry's due time is in the record, so a new active re-arms it; a passive never sends it.
 */
final class LocalOffers {

    private static final Logger LOG = LoggerFactory.getLogger(LocalOffers.class);

    /** Retries after a 491; the 491 that follows the last one goes to the application. */
    static final int MAX_GLARE_RETRIES = 3;
    /** How soon a glare retry looks again when a far end's exchange is still in progress at its time. */
    private static final long BUSY_RECHECK_MILLIS = 200;

    static final String MALFORMED_ANSWER_REASON = "SIP;cause=488;text=\"malformed SDP answer to our re-offer\"";

    private final CallEngine engine;
    private final OutboundCalls outbound;

    LocalOffers(CallEngine engine, OutboundCalls outbound) {
        this.engine = engine;
        this.outbound = outbound;
    }

    /** The application's offer in a re-INVITE or an UPDATE. */
    void offer(CallSession s, String method, String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw CallEngine.badArgument("an offer needs SDP");
        }
        synchronized (s) {
            CallRecord r = s.record();
            if (!OfferAnswerRules.mayOffer(r, method)) {
                throw CallEngine.wrongState(r, (Request.INVITE.equals(method) ? "reoffer" : "update")
                        + " (offer/answer " + r.offerAnswer().phase()
                        + (r.reoffer() != null ? ", a request of the far end pending" : "") + ")");
            }
            send(s, r, method, sdp, 0);
        }
    }

    /** Commits our offer as outstanding with the next CSeq, then sends it; under the session lock. */
    private void send(CallSession s, CallRecord r, String method, String sdp, int glares) {
        long cseq = r.localCSeq() + 1;
        CallRecord next = engine.commit(s, r.withLocalCSeq(cseq)
                .withOfferAnswer(OfferAnswer.localOffer(method, cseq, sdp, true, glares)));
        engine.send(s, () -> {
            Request req = engine.builder().inDialog(next, method, cseq);
            engine.builder().addContactAndSdp(req, next.dialog().transport(), sdp);
            if (next.state() == CallState.CONFIRMED) {
                engine.sessionTimers().addToRequest(req, next.sessionTimer(), false); // or a 2xx turns it off
            }
            SipProvider p = engine.provider();
            if (p != null) {
                ClientTransaction ct = p.getNewClientTransaction(req);
                ct.setApplicationData(next.id());
                ct.sendRequest();
            }
        });
    }

    /**
     * A response to the application's outstanding offer (matched by method and CSeq, with or without
     * its transaction: after a takeover it has none); false when it answers no such offer. Under the
     * session lock.
     */
    boolean onResponse(CallSession s, CallRecord r, Response resp, String method, long cseq) throws Exception {
        OfferAnswer oa = r.offerAnswer();
        if (!oa.awaitsAnswerTo(cseq) || !oa.forApplication() || !method.equals(oa.method())) {
            return false;
        }
        int code = resp.getStatusCode();
        if (code < 200) {
            return true;
        }
        s.cancelOfferRetry(); // the takeover guard, if any
        if (code < 300) {
            answered(s, r, resp, method, cseq);
        } else if (code == Response.REQUEST_PENDING && oa.glares() < MAX_GLARE_RETRIES) {
            long due = System.currentTimeMillis() + OfferAnswerRules.glareDelayMillis(r);
            CallRecord next = engine.commit(s, r.withOfferAnswer(oa.retryAt(due)));
            LOG.debug("call {}: {} met a glare (491 #{}); again at +{} ms", s.id, method,
                    next.offerAnswer().glares(), due - System.currentTimeMillis());
            schedule(s, due);
        } else {
            CallRecord next = engine.commit(s, r.withOfferAnswer(OfferAnswer.STABLE));
            engine.emit(s, new CallEvent.ReofferAnswered(next.toCall(), code, MessageBuilder.body(resp)));
        }
        return true;
    }

    /**
     * The 2xx: the exchange is complete; a re-INVITE's is ACKed. An answer that is missing or malformed
     * (RFC 3264: an offer must be answered) is not taken: in a confirmed dialog the call ends with BYE,
     * as for the INVITE's own answer; in an early one (no BYE possible for the callee) the application
     * is told, the call keeping its session.
     */
    private void answered(CallSession s, CallRecord r, Response resp, String method, long cseq) throws Exception {
        String answer = MessageBuilder.body(resp);
        boolean usable = answer != null && SdpCheck.problem(answer) == null;
        OfferAnswer oa = r.offerAnswer();
        CallRecord base = (usable ? r.withSdp(oa.sdp(), answer, true) : r).withOfferAnswer(OfferAnswer.STABLE);
        boolean confirmed = r.state() == CallState.CONFIRMED;
        if (confirmed) {
            // any 2xx to our re-INVITE/UPDATE refreshes the session (RFC 4028 7.4)
            SessionTimer t = SessionTimers.afterOur2xx(r.sessionTimer(), SessionTimerNegotiation.terms(resp),
                    System.currentTimeMillis());
            base = base.withSessionTimer(t == null ? null : t.withPeerAllowsUpdate(r.sessionTimer().peerAllowsUpdate()));
        }
        CallRecord next = engine.commit(s, base);
        if (Request.INVITE.equals(method)) {
            outbound.sendAck(s, next, cseq, null);
        }
        if (!usable && confirmed) {
            outbound.endWithBye(s, next, EndReason.SDP_NEGOTIATION_FAILED, MALFORMED_ANSWER_REASON);
            return;
        }
        engine.sessionTimers().arm(s);
        engine.emit(s, new CallEvent.ReofferAnswered(next.toCall(), resp.getStatusCode(), answer));
    }

    /**
     * Our outstanding offer got no final response (its transaction timed out, or a new active never got
     * the answer to what the old one sent): the exchange is over, the application told 408.
     */
    void timedOut(CallSession s, long cseq) {
        synchronized (s) {
            CallRecord r = s.record();
            OfferAnswer oa = r.offerAnswer();
            if (!oa.awaitsAnswerTo(cseq) || !oa.forApplication() || !r.state().isLive()) {
                return;
            }
            CallRecord next = engine.commit(s, r.withOfferAnswer(OfferAnswer.STABLE));
            engine.emit(s, new CallEvent.ReofferAnswered(next.toCall(), Response.REQUEST_TIMEOUT, null));
        }
    }

    private void schedule(CallSession s, long dueMillis) {
        s.cancelOfferRetry();
        long delay = Math.max(0, dueMillis - System.currentTimeMillis());
        s.offerRetry = engine.timers().schedule(() -> retry(s, dueMillis), delay, TimeUnit.MILLISECONDS);
    }

    /** The glare retry is due: our offer again with a new CSeq (later if a far end's exchange is under way). */
    private void retry(CallSession s, long dueMillis) {
        try {
            synchronized (s) {
                CallRecord r = s.record();
                OfferAnswer oa = r.offerAnswer();
                if (!engine.serving() || !r.state().isLive() || !oa.is(Phase.LOCAL_RETRY) || !oa.forApplication()
                        || oa.retryAtMillis() != dueMillis) {
                    return;
                }
                if (r.reoffer() != null) { // the far end's exchange (the one that won) first
                    s.offerRetry = engine.timers().schedule(() -> retry(s, dueMillis), BUSY_RECHECK_MILLIS,
                            TimeUnit.MILLISECONDS);
                    return;
                }
                if (!OfferAnswerRules.mayOffer(r.withOfferAnswer(OfferAnswer.STABLE), oa.method())) {
                    // the dialog moved on meanwhile (hanging up): the glare is the outcome
                    CallRecord next = engine.commit(s, r.withOfferAnswer(OfferAnswer.STABLE));
                    engine.emit(s, new CallEvent.ReofferAnswered(next.toCall(), Response.REQUEST_PENDING, null));
                    return;
                }
                send(s, r, oa.method(), oa.sdp(), oa.glares());
            }
        } catch (RuntimeException e) {
            LOG.warn("call {}: glare retry failed: {}", s.id, e.toString());
        }
    }

    /**
     * A new active: a glare retry due is re-armed at its time (at once when past); an offer the old active
     * had sent is answered here without a transaction (recognised by its CSeq), or, when no answer comes
     * within 64*T1, ends as a time-out. Call under the session lock.
     */
    void resume(CallSession s, CallRecord r) {
        OfferAnswer oa = r.offerAnswer();
        if (!oa.forApplication()) {
            return; // a session refresh: SessionTimers resumes it
        }
        if (oa.is(Phase.LOCAL_RETRY)) {
            schedule(s, oa.retryAtMillis());
        } else if (oa.is(Phase.LOCAL_OFFER)) {
            long cseq = oa.cseq();
            s.cancelOfferRetry();
            s.offerRetry = engine.timers().schedule(() -> {
                if (engine.serving()) {
                    timedOut(s, cseq);
                }
            }, 64 * engine.settings().t1Millis(), TimeUnit.MILLISECONDS);
        }
    }
}
