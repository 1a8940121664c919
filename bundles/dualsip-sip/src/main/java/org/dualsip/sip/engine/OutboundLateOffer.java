package org.dualsip.sip.engine;

import java.util.concurrent.TimeUnit;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our offerless INVITE (late offer, RFC 3261 13.2.1): the far end's 2xx carries the offer, the
 * application answers it ({@code CallControl.answer}) and the ACK carries that answer. The wait is
 * bounded; everything needed to finish it is in the record, so a new active asks again.
 */
final class OutboundLateOffer {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundLateOffer.class);

    private final CallEngine engine;
    private final OutboundCalls outbound;

    OutboundLateOffer(CallEngine engine, OutboundCalls outbound) {
        this.engine = engine;
        this.outbound = outbound;
    }

    /**
     * The 2xx to our offerless INVITE carried the far end's offer: the ACK waits for the application's
     * answer ({@link #answer}), bounded by 64*T1 (the far end's Timer H). A 2xx without an offer, or
     * with a malformed one, is ACKed (there is nothing to answer) and the call ended with BYE.
     */
    void on2xx(CallSession s, CallRecord next, String offer) throws Exception {
        if (offer == null || SdpCheck.problem(offer) != null) {
            CallRecord confirmed = engine.commit(s, next.withState(CallState.CONFIRMED));
            outbound.sendAck(s, confirmed, confirmed.invite().cseq(), null);
            outbound.endWithBye(s, confirmed, EndReason.SDP_NEGOTIATION_FAILED,
                    offer == null ? NO_OFFER_REASON : MALFORMED_OFFER_REASON);
            return;
        }
        CallRecord waiting = engine.commit(s, next.withState(CallState.ANSWERED_WAITING_ACK));
        armAnswerTimeout(s, engine.settings().t1Millis() * 64);
        engine.sessionTimers().arm(s);
        engine.emit(s, new CallEvent.Answered(waiting.toCall()));
    }

    static final String NO_OFFER_REASON = "SIP;cause=488;text=\"no SDP offer in 2xx\"";
    static final String MALFORMED_OFFER_REASON = "SIP;cause=488;text=\"malformed SDP offer in 2xx\"";
    static final String NO_ANSWER_REASON = "SIP;cause=488;text=\"no SDP answer from the application\"";

    /** Bounds the wait for the application's answer to a late offer; call under the session lock. */
    void armAnswerTimeout(CallSession s, long millis) {
        s.cancelRetransmit();
        s.retransmit = engine.timers().schedule(() -> answerTimedOut(s), millis, TimeUnit.MILLISECONDS);
    }

    private void answerTimedOut(CallSession s) {
        try {
            synchronized (s) {
                CallRecord r = s.record();
                if (!engine.serving() || r.state() != CallState.ANSWERED_WAITING_ACK
                        || r.direction() != Direction.OUTBOUND) {
                    return;
                }
                CallRecord confirmed = engine.commit(s, r.withState(CallState.CONFIRMED));
                outbound.sendAck(s, confirmed, confirmed.invite().cseq(), null);
                outbound.endWithBye(s, confirmed, EndReason.SDP_NEGOTIATION_FAILED, NO_ANSWER_REASON);
            }
        } catch (Exception e) {
            LOG.warn("call {}: late-offer answer timeout failed: {}", s.id, e.toString());
        }
    }

    /** The application's answer to the far end's offer in the 2xx of our offerless INVITE: the ACK carries it. */
    void answer(CallSession s, String sdpAnswer) {
        if (sdpAnswer == null || sdpAnswer.isBlank()) {
            throw CallEngine.badArgument("a late-offer call needs an SDP answer for the ACK");
        }
        synchronized (s) {
            CallRecord r = s.record();
            if (r.state() != CallState.ANSWERED_WAITING_ACK || r.direction() != Direction.OUTBOUND) {
                throw CallEngine.wrongState(r, "answer");
            }
            s.cancelRetransmit();
            CallRecord confirmed = engine.commit(s, r.withState(CallState.CONFIRMED).withSdp(r.sdpOffer(), sdpAnswer, false));
            try {
                outbound.sendAck(s, confirmed, confirmed.invite().cseq(), sdpAnswer);
            } catch (Exception e) {
                throw CallEngine.badArgument("cannot build the ACK: " + e.getMessage());
            }
            engine.emit(s, new CallEvent.Confirmed(confirmed.toCall()));
        }
    }

    /** Hang-up of a late-offer call whose answer the application never gave: ACK without SDP, then BYE. */
    void hangUpUnacknowledged(CallSession s) {
        synchronized (s) {
            CallRecord r = s.record();
            s.cancelRetransmit();
            CallRecord confirmed = engine.commit(s, r.withState(CallState.CONFIRMED));
            try {
                outbound.sendAck(s, confirmed, confirmed.invite().cseq(), null);
            } catch (Exception e) {
                LOG.debug("call {}: ACK before hang-up not built: {}", s.id, e.toString());
            }
            outbound.bye(s);
        }
    }

}
