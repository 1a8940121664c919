package org.dualsip.sip.engine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.RAckHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.ReliableProvisionals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3262 as the UAS of an INVITE: our provisional responses sent reliably (Require: 100rel, RSeq)
 * when the caller requires 100rel, or supports it and the provisional carries early-media SDP;
 * retransmitted (T1, doubling) until their PRACK, the INVITE rejected with 504 after 64*T1 without
 * one; one unacknowledged at a time; a 2xx asked for meanwhile held until the PRACK. Everything is in
 * the record ({@link ReliableProvisionals}): a new active sends the provisional again and waits for
 * the same PRACK.
 */
final class ReliableProvisionalResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ReliableProvisionalResponses.class);

    private final CallEngine engine;
    private final InboundCalls inbound;

    ReliableProvisionalResponses(CallEngine engine, InboundCalls inbound) {
        this.engine = engine;
        this.inbound = inbound;
    }

    /** The 100rel state of a new inbound call, or null when the caller does not support 100rel. */
    static ReliableProvisionals stateFor(Request invite) {
        boolean requires = SessionTimerNegotiation.lists(invite, "Require", "100rel");
        boolean supports = requires || SessionTimerNegotiation.lists(invite, "Supported", "100rel");
        // RFC 3262 3: the first RSeq is chosen at random between 1 and 2**31 - 1
        return supports ? ReliableProvisionals.inbound(true, requires, ThreadLocalRandom.current().nextLong(1, 1L << 31))
                : null;
    }

    /** Whether a provisional with this SDP goes reliably. */
    static boolean reliable(CallRecord r, String sdp) {
        ReliableProvisionals p = r.prack();
        return p != null && (p.peerRequires() || (p.peerSupports() && sdp != null));
    }

    /** Sends a reliable provisional; call under the session lock. */
    void ring(CallSession s, CallRecord r, int code, String sdp) {
        if (r.prack().awaitingPrack()) {
            throw CallEngine.wrongState(r, "ring (a reliable provisional response awaits its PRACK)");
        }
        CallRecord next = r.withState(CallState.RINGING).withPrack(r.prack().sent(code, sdp));
        if (sdp != null && r.sdpOffer() != null && r.offerAnswer().is(OfferAnswer.Phase.INITIAL)) {
            // RFC 3262 / RFC 3311 5.1: the answer in a reliable 1xx completes the INVITE's offer/answer,
            // and UPDATE may then offer anew in the early dialog
            next = next.withSdp(r.sdpOffer(), sdp, false).withOfferAnswer(OfferAnswer.STABLE);
        }
        CallRecord ringing = engine.commit(s, next);
        Response resp = build(s, ringing);
        ServerTransaction st = s.inviteTx;
        engine.send(s, () -> engine.respond(st, resp));
        start(s, ringing.prack().localRSeq());
        engine.emit(s, new CallEvent.Ringing(ringing.toCall(), code, sdp));
    }

    /** The unacknowledged reliable provisional of the record, with Require: 100rel and its RSeq. */
    private Response build(CallSession s, CallRecord r) {
        ReliableProvisionals p = r.prack();
        Response resp = inbound.provisionalOrFinal(s, r, p.unackedCode(), p.unackedSdp());
        try {
            resp.setHeader(engine.builder().header("Require", "100rel"));
            resp.setHeader(engine.builder().header("RSeq", Long.toString(p.localRSeq())));
        } catch (java.text.ParseException e) {
            throw CallEngine.badArgument("cannot build a reliable provisional: " + e.getMessage());
        }
        return resp;
    }

    /** Retransmits the reliable provisional with this RSeq until its PRACK; call under the session lock. */
    void start(CallSession s, long rseq) {
        s.cancelRetransmit();
        schedule(s, rseq, engine.settings().t1Millis(), 0);
    }

    private void schedule(CallSession s, long rseq, long interval, long elapsed) {
        s.retransmit = engine.timers().schedule(() -> tick(s, rseq, interval, elapsed + interval),
                interval, TimeUnit.MILLISECONDS);
    }

    private void tick(CallSession s, long rseq, long interval, long elapsed) {
        try {
            synchronized (s) {
                CallRecord r = s.record();
                ReliableProvisionals p = r.prack();
                if (!engine.serving() || p == null || !p.awaitingPrack() || p.localRSeq() != rseq
                        || !r.state().isLive()) {
                    return;
                }
                if (elapsed >= 64 * engine.settings().t1Millis()) {
                    LOG.debug("call {}: no PRACK for RSeq {}; rejecting the INVITE", s.id, rseq);
                    inbound.rejectLocked(s, Response.SERVER_TIMEOUT, EndReason.TIMEOUT.name(), "No PRACK");
                    return;
                }
                Response resp = build(s, r);
                ServerTransaction st = s.inviteTx;
                engine.send(s, () -> engine.respond(st, resp));
                schedule(s, rseq, interval * 2, elapsed);
            }
        } catch (Exception e) {
            LOG.warn("call {}: reliable provisional retransmission failed: {}", s.id, e.toString());
        }
    }

    /** A new active: the provisional still awaiting its PRACK goes again, and is retransmitted. */
    void resume(CallSession s, CallRecord r) {
        if (r.prack() != null && r.prack().awaitingPrack()) {
            Response resp = build(s, r);
            engine.send(s, () -> engine.respond(null, resp));
            start(s, r.prack().localRSeq());
        }
    }

    /**
     * PRACK: 200 when its RAck names our provisional awaiting one (then a held 2xx goes), else 481
     * (unknown, out of order or repeated RSeq: RFC 3262 3).
     */
    void onPrack(RequestEvent ev, CallSession s, ServerTransaction st) throws Exception {
        Request prack = ev.getRequest();
        RAckHeader rack = (RAckHeader) prack.getHeader(RAckHeader.NAME);
        long cseq = ((CSeqHeader) prack.getHeader(CSeqHeader.NAME)).getSeqNumber();
        synchronized (s) {
            CallRecord r = s.record();
            ReliableProvisionals p = r.prack();
            boolean matches = rack != null && p != null && p.awaitingPrack() && r.invite() != null
                    && rack.getRSeqNumber() == p.localRSeq() && rack.getCSeqNumber() == r.invite().cseq()
                    && Request.INVITE.equals(rack.getMethod());
            if (!matches) {
                engine.respond(st, engine.builder().response(prack, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null));
                return;
            }
            s.cancelRetransmit();
            CallRecord acked = engine.commit(s, r.withRemoteCSeq(Math.max(cseq, r.remoteCSeq()))
                    .withPrack(p.acknowledged().withAnswerHeld(false)));
            Response ok = engine.builder().response(prack, Response.OK, null);
            engine.send(s, () -> engine.respond(st, ok));
            if (p.answerHeld()) {
                inbound.sendAnswer(s, acked); // RFC 3262 3: the 2xx waited for this PRACK
            }
        }
    }
}
