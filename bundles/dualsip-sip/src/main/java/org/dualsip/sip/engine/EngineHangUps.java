package org.dualsip.sip.engine;

import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the engine ends on its own decision with a BYE (session expired, failed offer/answer, no ACK
 * for our 2xx, replaced). The record goes TERMINATING with the end decided ({@code endReason}) and the
 * BYE's Reason header ({@code byeReason}) before the BYE goes, so a new active that takes the call over
 * sends the same BYE (with a CSeq above anything sent before). The application is told {@code Ended} at
 * once, when the decision is committed: the far end's answer changes nothing for it, and a far end that
 * is gone (the usual cause of an expired session or a missing ACK) would otherwise hold the event back
 * for 64*T1. The record becomes ENDED, with no second event, when the BYE is answered or times out, or
 * when the far end's own BYE crosses it.
 */
final class EngineHangUps {

    private static final Logger LOG = LoggerFactory.getLogger(EngineHangUps.class);

    private final CallEngine engine;

    EngineHangUps(CallEngine engine) {
        this.engine = engine;
    }

    /**
     * Ends the call with a BYE carrying {@code reasonHeader}: committed first, then sent; the application
     * told now. Nothing when the call is already ending or ended (its own BYE or CANCEL is on its way).
     * Call under the session lock.
     */
    void end(CallSession s, CallRecord r, EndReason why, String reasonHeader) {
        if (r.state() == CallState.TERMINATING || !r.state().isLive()) {
            LOG.debug("call {}: already {}; no BYE for {}", s.id, r.state(), why);
            return;
        }
        long cseq = r.localCSeq() + 1;
        s.cancelRetransmit(); // no more 2xx, no late-offer answer wait: the call is over
        s.cancelSessionTick();
        s.cancelOfferRetry();
        CallRecord ending = engine.commit(s, r.withLocalCSeq(cseq).endingWithBye(why.name(), reasonHeader));
        send(s, ending, cseq);
        engine.emit(s, new CallEvent.Ended(asEnded(ending).toCall(), why, 0));
    }

    /**
     * After a takeover: the BYE the old active committed goes again from here, with the next CSeq of the
     * record (already raised by {@link CallResumption#CSEQ_MARGIN}). Call under the session lock.
     */
    void resend(CallSession s, CallRecord r) {
        long cseq = r.localCSeq() + 1;
        CallRecord next = engine.commit(s, r.withLocalCSeq(cseq));
        LOG.debug("call {}: sending again the BYE the old active decided ({})", s.id, r.endReason());
        send(s, next, cseq);
    }

    /**
     * Closes the record of a call ending by our own BYE (its answer or time-out, or the far end's BYE
     * crossing it): ENDED with the reason already told, no event. False when the call is not such a call.
     * Call under the session lock.
     */
    boolean close(CallSession s, CallRecord r) {
        if (r.state() != CallState.TERMINATING || !r.endDecided()) {
            return false;
        }
        // nothing shows this change, so the passive is not waited for; a passive that missed it and
        // takes over sends the BYE once more and gets 481, which closes it there as well
        engine.commitUnseen(s, r.ended(r.endReason(), r.endCode()));
        return true;
    }

    private void send(CallSession s, CallRecord r, long cseq) {
        engine.send(s, () -> {
            try {
                Request bye = engine.builder().inDialog(r, Request.BYE, cseq);
                if (r.byeReason() != null) {
                    bye.addHeader(engine.builder().header("Reason", r.byeReason()));
                }
                SipProvider p = engine.provider();
                if (p == null) {
                    throw new IllegalStateException("SIP is not listening");
                }
                ClientTransaction ct = p.getNewClientTransaction(bye);
                ct.setApplicationData(r.id()); // its answer or time-out closes the record
                ct.sendRequest();
            } catch (Exception e) {
                // no transaction, so no answer and no time-out would ever close the record
                LOG.warn("call {}: BYE not sent ({}); the call is closed without it", s.id, e.toString());
                closeUnlessDemoted(s);
            }
        });
    }

    /** A failed send while still serving closes the record; a demoted node leaves it to the new active. */
    private void closeUnlessDemoted(CallSession s) {
        synchronized (s) {
            if (engine.serving()) {
                close(s, s.record());
            }
        }
    }

    /** The application's view of a call whose end is decided: ENDED, as the Ended event has always shown it. */
    private static CallRecord asEnded(CallRecord r) {
        return r.ended(r.endReason(), r.endCode());
    }
}
