package org.dualsip.sip.engine;

import java.util.concurrent.TimeUnit;
import javax.sip.SipProvider;
import javax.sip.message.Response;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.PendingTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retransmits our 2xx to an INVITE (initial or re-INVITE) until its ACK arrives: T1, doubling up to
 * T2 (RFC 3261 13.3.1.4); after 64*T1 without ACK the call is ended with BYE (ACK_TIMEOUT, see
 * {@link EngineHangUps}). Done by
 * us, not by JAIN-SIP, so that another node can take the retransmission over from the record.
 */
final class AnswerRetransmitter {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerRetransmitter.class);

    private final CallEngine engine;

    AnswerRetransmitter(CallEngine engine) {
        this.engine = engine;
    }

    /** Starts retransmitting the 2xx of the INVITE with this CSeq; call under the session lock. */
    void start(CallSession s, long cseq) {
        s.cancelRetransmit();
        schedule(s, cseq, engine.settings().t1Millis(), 0);
    }

    private void schedule(CallSession s, long cseq, long interval, long elapsed) {
        s.retransmit = engine.timers().schedule(() -> tick(s, cseq, interval, elapsed + interval),
                interval, TimeUnit.MILLISECONDS);
    }

    private void tick(CallSession s, long cseq, long interval, long elapsed) {
        try {
            synchronized (s) {
                CallRecord r = s.record();
                PendingTransaction tx = awaitingAck(r, cseq);
                if (tx == null || !engine.serving()) {
                    return;
                }
                if (elapsed >= 64 * engine.settings().t1Millis()) {
                    ackTimeout(s, r);
                    return;
                }
                Response cached = tx == r.invite() ? s.inviteFinal : s.reofferFinal;
                engine.send(s, () -> resend(r, tx, cached));
                schedule(s, cseq, Math.min(interval * 2, engine.settings().t2Millis()), elapsed);
            }
        } catch (Exception e) {
            LOG.warn("call {}: 2xx retransmission failed: {}", s.id, e.toString());
        }
    }

    /** The transaction whose 2xx still awaits ACK, or null. */
    static PendingTransaction awaitingAck(CallRecord r, long cseq) {
        if (r.state() == CallState.ANSWERED_WAITING_ACK && r.direction() == Direction.INBOUND
                && r.invite() != null && r.invite().cseq() == cseq) {
            return r.invite();
        }
        PendingTransaction re = r.reoffer();
        if (re != null && re.isAnswered() && re.cseq() == cseq && "INVITE".equals(re.method())) {
            return re;
        }
        return null;
    }

    /** Sends our 2xx to {@code tx} again: the cached one, or (cache lost) one rebuilt from the record. */
    void resend(CallRecord r, PendingTransaction tx, Response cached) throws Exception {
        Response resp = cached != null ? cached : okFromRecord(r, tx);
        SipProvider p = engine.provider();
        if (p != null) {
            p.sendResponse(resp);
        }
    }

    /** Our 2xx to {@code tx} built from the record alone, as a node taking the call over must. */
    Response okFromRecord(CallRecord r, PendingTransaction tx) throws Exception {
        Response resp = engine.builder().response(r, tx, Response.OK);
        String sdp = tx == r.invite() ? r.localSdp() : tx.answer(); // our answer, or our offer (late offer)
        engine.builder().addContactAndSdp(resp, r.dialog().transport(), sdp);
        engine.builder().add2xxCapabilities(resp);
        engine.sessionTimers().addSupported(resp);
        engine.sessionTimers().addToResponse(resp, r.sessionTimer());
        return resp;
    }

    /** RFC 3261 13.3.1.4: no ACK within 64*T1, so the call is ended with a BYE (which a new active resends). */
    private void ackTimeout(CallSession s, CallRecord r) {
        LOG.debug("call {}: no ACK for our 2xx; sending BYE", s.id);
        engine.outbound().endWithBye(s, r, EndReason.ACK_TIMEOUT, NO_ACK_REASON);
    }

    static final String NO_ACK_REASON = "SIP;cause=408;text=\"no ACK for our 2xx\"";
}
