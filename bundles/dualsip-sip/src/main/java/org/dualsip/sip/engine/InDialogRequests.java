package org.dualsip.sip.engine;

import java.util.Objects;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.PendingTransaction;
import org.dualsip.sip.record.SessionTimer;

/**
 * Requests from the far end inside an existing dialog: BYE, re-INVITE and UPDATE (passed to the
 * application), INFO and MESSAGE; and the application's answers to a re-offer.
 */
final class InDialogRequests {

    private final CallEngine engine;
    private final AnswerRetransmitter retransmitter;

    InDialogRequests(CallEngine engine, AnswerRetransmitter retransmitter) {
        this.engine = engine;
        this.retransmitter = retransmitter;
    }

    /** The live call this in-dialog request belongs to (Call-ID and both tags), or null. */
    CallSession dialogOf(Request req) {
        CallSession s = callOf(req);
        return s != null && s.record().state().isLive() ? s : null;
    }

    /** Whether a request with a To tag can be answered in a dialog: a live one, or the BYE that ended one. */
    boolean answersIn(Request req) {
        return dialogOf(req) != null || (Request.BYE.equals(req.getMethod()) && repeatsTheByeThatEndedTheCall(req));
    }

    /** The call, live or ended but still kept, whose dialog this request names, or null. */
    private CallSession callOf(Request req) {
        String sipCallId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        CallSession s = engine.sessionBySipCallId(sipCallId).orElse(null);
        if (s == null) {
            return null;
        }
        CallRecord r = s.record();
        String fromTag = ((FromHeader) req.getHeader(FromHeader.NAME)).getTag();
        String toTag = ((ToHeader) req.getHeader(ToHeader.NAME)).getTag();
        boolean ours = Objects.equals(toTag, r.dialog().localTag()) && Objects.equals(fromTag, r.dialog().remoteTag());
        return ours ? s : null;
    }

    private void noDialog(ServerTransaction st, Request req) throws Exception {
        engine.respond(st, engine.builder().response(req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null));
    }

    void onBye(RequestEvent ev) throws Exception {
        Request bye = ev.getRequest();
        ServerTransaction st;
        try {
            st = ServerTransactions.open(ev);
        } catch (ServerTransactions.Retransmission r) {
            return;
        }
        CallSession s = dialogOf(bye);
        if (s == null) {
            if (repeatsTheByeThatEndedTheCall(bye)) {
                engine.respond(st, engine.builder().response(bye, Response.OK, null));
            } else {
                noDialog(st, bye);
            }
            return;
        }
        synchronized (s) {
            CallRecord r = s.record();
            long cseq = ((CSeqHeader) bye.getHeader(CSeqHeader.NAME)).getSeqNumber();
            PendingTransaction pending = r.reoffer();
            ServerTransaction reofferTx = s.reofferTx;
            Response reofferTerminated = pending != null && !pending.isAnswered()
                    ? reofferResponse(s, r, Response.REQUEST_TERMINATED) : null;
            Response ok = engine.builder().response(bye, Response.OK, null);
            CallRecord crossing = r.withRemoteCSeq(Math.max(cseq, r.remoteCSeq()));
            if (engine.outbound().hangUps.close(s, crossing)) { // it crosses our own BYE: already told Ended
                engine.send(s, () -> engine.respond(st, ok));
                return;
            }
            CallRecord ended = engine.commit(s, crossing.ended(EndReason.REMOTE_HANGUP.name(), Response.OK));
            engine.send(s, () -> {
                if (reofferTerminated != null) {
                    engine.respond(reofferTx, reofferTerminated);
                }
                engine.respond(st, ok);
            });
            engine.emit(s, new CallEvent.Ended(ended.toCall(), EndReason.REMOTE_HANGUP, Response.OK));
        }
    }

    /**
     * A copy of the BYE we answered 200, arriving once its JAIN-SIP transaction is gone (its ended
     * call is kept 64*T1 for this): 200 again, not 481.
     */
    private boolean repeatsTheByeThatEndedTheCall(Request bye) {
        CallSession s = callOf(bye);
        if (s == null) {
            return false;
        }
        CallRecord r = s.record();
        long cseq = ((CSeqHeader) bye.getHeader(CSeqHeader.NAME)).getSeqNumber();
        return r.state() == CallState.ENDED && EndReason.REMOTE_HANGUP.name().equals(r.endReason())
                && cseq == r.remoteCSeq();
    }

    /** A request's server transaction and the call whose dialog it belongs to. */
    record InDialog(ServerTransaction transaction, CallSession session) { }

    /**
     * Opens the request's transaction and finds its dialog; null when the request was a retransmission
     * (absorbed) or is in no dialog we know (answered 481).
     */
    InDialog open(RequestEvent ev) throws Exception {
        ServerTransaction st;
        try {
            st = ServerTransactions.open(ev);
        } catch (ServerTransactions.Retransmission r) {
            return null;
        }
        CallSession s = dialogOf(ev.getRequest());
        if (s == null) {
            noDialog(st, ev.getRequest());
            return null;
        }
        return new InDialog(st, s);
    }

    /** PRACK (RFC 3262): in an early dialog of ours, matched against our reliable provisional. */
    void onPrack(RequestEvent ev, ReliableProvisionalResponses reliable) throws Exception {
        InDialog in = open(ev);
        if (in != null) {
            reliable.onPrack(ev, in.session(), in.transaction());
        }
    }

    /**
     * A re-INVITE or UPDATE (in a confirmed dialog, or an UPDATE in an early one): passed to the
     * application, or refused by the offer/answer rules ({@link OfferAnswerRules}: 491 on glare, 500 with
     * Retry-After while a request or offer of the far end's is still pending).
     */
    void onReoffer(RequestEvent ev) throws Exception {
        Request req = ev.getRequest();
        InDialog in = open(ev);
        if (in == null) {
            return;
        }
        ServerTransaction st = in.transaction();
        CallSession s = in.session();
        synchronized (s) {
            CallRecord r = s.record();
            long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
            if (cseq <= r.remoteCSeq()) {
                if (!answerCopy(s, r, req, st)) { // out of order (RFC 3261 12.2.2)
                    engine.respond(st, engine.builder().response(req, Response.SERVER_INTERNAL_ERROR, null));
                }
                return;
            }
            String sdp = MessageBuilder.body(req);
            OfferAnswerRules.Verdict verdict = OfferAnswerRules.onRemoteRequest(r, req.getMethod(), sdp != null);
            if (verdict != OfferAnswerRules.Verdict.TAKE) { // 491 on glare, 500 + Retry-After while theirs is pending
                engine.commit(s, r.withRemoteCSeq(cseq));
                engine.respond(st, OfferAnswerRules.refusal(engine.builder(), req, verdict));
                return;
            }
            Response refusal = sessionTimerRefusal(req);
            if (refusal != null) { // the call carries on unchanged (RFC 4028 9)
                engine.commit(s, r.withRemoteCSeq(cseq));
                engine.respond(st, refusal);
                return;
            }
            String sdpProblem = sdp == null || sdp.equals(r.remoteSdp()) ? null : SdpCheck.problem(sdp);
            if (sdpProblem != null) { // the call keeps its session (RFC 3261 14.2)
                engine.commit(s, r.withRemoteCSeq(cseq));
                engine.respond(st, engine.builder().malformedSdp(req, sdpProblem, null));
                return;
            }
            PendingTransaction tx = new PendingTransaction(req.getMethod(), cseq, MessageBuilder.viaValues(req), sdp, null);
            // a re-INVITE starts an exchange even without SDP (our offer then goes in the 2xx)
            boolean exchange = sdp != null || Request.INVITE.equals(req.getMethod());
            CallRecord next = engine.commit(s, r.withRemoteCSeq(cseq).withReoffer(tx).withOfferAnswer(exchange
                    ? OfferAnswer.remoteOffer(req.getMethod(), cseq) : r.offerAnswer()));
            s.reofferTx = st;
            s.reofferRequest = req;
            s.reofferFinal = null;
            if (isSessionRefresh(r, req, sdp)) {
                acceptLocked(s, Request.INVITE.equals(req.getMethod()) ? r.localSdp() : null); // not the app's business
            } else {
                engine.emit(s, new CallEvent.ReofferReceived(next.toCall(), req.getMethod(), sdp));
            }
        }
    }

    /**
     * 422 (with our Min-SE) for a Session-Expires below it, 400 for one that is no number; null to go on.
     */
    private Response sessionTimerRefusal(Request req) throws Exception {
        if (!engine.settings().sessionTimers()) {
            return null;
        }
        try {
            SessionTimerNegotiation.Grant g = SessionTimerNegotiation.grant(SessionTimerNegotiation.terms(req),
                    engine.settings());
            return g.tooSmallMinSe() > 0 ? engine.sessionTimers().tooSmall(req, g.tooSmallMinSe()) : null;
        } catch (SessionTimerNegotiation.BadTerms e) {
            return engine.builder().response(req, Response.BAD_REQUEST, null);
        }
    }

    /**
     * A pure session refresh, answered by the engine alone: in a call with a running session timer, a
     * request with Session-Expires that is an UPDATE without SDP or a re-INVITE repeating the far end's
     * current SDP. A string comparison, no SDP parsing; anything else (a new offer, hold, resume, a
     * re-INVITE without Session-Expires) goes to the application.
     */
    private static boolean isSessionRefresh(CallRecord r, Request req, String sdp) {
        if (r.sessionTimer() == null || !r.sessionTimer().running()
                || (req.getHeader("Session-Expires") == null && req.getHeader("x") == null)) {
            return false;
        }
        return Request.UPDATE.equals(req.getMethod()) ? sdp == null : sdp != null && sdp.equals(r.remoteSdp());
    }

    /**
     * A copy of the re-offer in progress or of the last one finished (same method, CSeq, top Via
     * branch and sent-by: RFC 3261 17.2.3) that no JAIN-SIP transaction absorbed: a re-INVITE's
     * transaction ends with its 2xx, so the far end's retransmissions until it gets our 2xx come here.
     * Absorbed while the application has not answered; otherwise the same final response again.
     * False when the request is no such copy. Call under the session lock.
     */
    private boolean answerCopy(CallSession s, CallRecord r, Request req, ServerTransaction st) throws Exception {
        PendingTransaction pending = r.reoffer();
        if (pending != null && sameTransaction(pending, req)) {
            if (!pending.isAnswered()) {
                if (st != null) {
                    s.reofferTx = st; // the stack had lost the first one, or it would have matched this copy
                }
                return true;
            }
            answerAgain(s, st, s.reofferFinal != null ? s.reofferFinal : retransmitter.okFromRecord(r, pending));
            return true;
        }
        PendingTransaction last = s.lastReoffer;
        if (last != null && sameTransaction(last, req)) {
            answerAgain(s, st, s.lastReofferFinal != null ? s.lastReofferFinal : retransmitter.okFromRecord(r, last));
            return true;
        }
        return false;
    }

    private boolean sameTransaction(PendingTransaction tx, Request req) throws java.text.ParseException {
        long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (!tx.method().equals(req.getMethod()) || tx.cseq() != cseq || tx.vias().isEmpty()) {
            return false;
        }
        ViaHeader theirs = (ViaHeader) req.getHeader(ViaHeader.NAME);
        ViaHeader first = (ViaHeader) engine.builder().header(ViaHeader.NAME, tx.vias().get(0));
        return theirs != null && theirs.getBranch() != null && theirs.getBranch().equalsIgnoreCase(first.getBranch())
                && theirs.getHost().equalsIgnoreCase(first.getHost()) && theirs.getPort() == first.getPort();
    }

    /**
     * Sends a final response again, as a copy: the original may still be on its way on the call's
     * send queue, and the copy is made there, after it.
     */
    private void answerAgain(CallSession s, ServerTransaction st, Response sent) {
        engine.send(s, () -> engine.respond(st, (Response) sent.clone()));
    }

    /** INFO or MESSAGE in a dialog: 200 and a MessageReceived event. */
    void onMessage(RequestEvent ev) throws Exception {
        Request req = ev.getRequest();
        InDialog in = open(ev);
        if (in == null) {
            return;
        }
        ServerTransaction st = in.transaction();
        CallSession s = in.session();
        synchronized (s) {
            CallRecord r = s.record();
            long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
            CallRecord next = cseq > r.remoteCSeq() ? engine.commit(s, r.withRemoteCSeq(cseq)) : r;
            engine.respond(st, engine.builder().response(req, Response.OK, null));
            ContentTypeHeader ct = (ContentTypeHeader) req.getHeader(ContentTypeHeader.NAME);
            String type = ct == null ? null : ct.getContentType() + "/" + ct.getContentSubType();
            engine.emit(s, new CallEvent.MessageReceived(next.toCall(), req.getMethod(), type, MessageBuilder.body(req)));
        }
    }

    void acceptReoffer(CallSession s, String sdpAnswer) {
        synchronized (s) {
            requirePendingReoffer(s, "acceptReoffer");
            acceptLocked(s, sdpAnswer);
        }
    }

    /** 200 to the pending re-offer (its 2xx refreshes the session timer); call under the session lock. */
    private void acceptLocked(CallSession s, String sdpAnswer) {
        CallRecord r = s.record();
        PendingTransaction tx = r.reoffer();
        boolean invite = Request.INVITE.equals(tx.method());
        String answer = sdpAnswer != null ? sdpAnswer : r.localSdp();
        CallRecord base = tx.sdp() != null ? r.withSdp(tx.sdp(), answer, false)
                : r.withSdp(r.sdpOffer(), sdpAnswer != null ? sdpAnswer : r.sdpAnswer());
        boolean confirmed = r.state() == CallState.CONFIRMED;
        // an UPDATE in an early dialog leaves the session timer to the INVITE's 2xx (RFC 4028 9)
        base = base.withSessionTimer(confirmed ? refreshedByThem(s, r) : r.sessionTimer())
                .withOfferAnswer(OfferAnswerRules.exchangeOver(r, tx));
        CallRecord accepted = engine.commit(s, invite ? base.withReoffer(tx.answered(answer == null ? "" : answer))
                : base.withReoffer(null));
        Response ok = reofferResponse(s, r, Response.OK);
        try {
            engine.builder().addContactAndSdp(ok, r.dialog().transport(), sdpAnswer);
            engine.builder().add2xxCapabilities(ok);
            engine.sessionTimers().addSupported(ok);
            if (confirmed) {
                engine.sessionTimers().addToResponse(ok, accepted.sessionTimer());
            }
        } catch (java.text.ParseException e) {
            throw CallEngine.badArgument("bad SDP: " + e.getMessage());
        }
        engine.sessionTimers().arm(s);
        ServerTransaction st = s.reofferTx;
        engine.send(s, () -> engine.respond(st, ok));
        if (invite) {
            s.reofferFinal = ok;
            retransmitter.start(s, tx.cseq());
        } else {
            s.reofferDone(tx, ok);
        }
    }

    /**
     * The session timer after our 2xx to the far end's re-INVITE/UPDATE (RFC 4028 9): negotiated from the
     * request when we still hold it, else (taken over meanwhile) the interval and refresher we had.
     */
    private SessionTimer refreshedByThem(CallSession s, CallRecord r) {
        SessionTimer t = r.sessionTimer();
        long now = System.currentTimeMillis();
        if (s.reofferRequest == null || !engine.settings().sessionTimers()) {
            return t == null ? null : t.refreshed(t.interval(), t.localRefresher(), now);
        }
        try {
            SessionTimerNegotiation.Grant g = SessionTimerNegotiation.grant(
                    SessionTimerNegotiation.terms(s.reofferRequest), engine.settings());
            return SessionTimers.granted(t, g, false, now);
        } catch (SessionTimerNegotiation.BadTerms e) {
            return t; // refused when it arrived; not reached
        }
    }

    void refuseReoffer(CallSession s, int code) {
        if (code < 300 || code > 699) {
            throw CallEngine.badArgument("refuseReoffer needs a final code 300-699, not " + code);
        }
        synchronized (s) {
            CallRecord r = requirePendingReoffer(s, "refuseReoffer");
            engine.commit(s, r.withReoffer(null).withOfferAnswer(OfferAnswerRules.exchangeOver(r, r.reoffer())));
            Response resp = reofferResponse(s, r, code);
            ServerTransaction st = s.reofferTx;
            s.reofferDone(r.reoffer(), resp);
            engine.send(s, () -> engine.respond(st, resp));
        }
    }

    private static CallRecord requirePendingReoffer(CallSession s, String command) {
        CallRecord r = s.record();
        if (r.reoffer() == null || r.reoffer().isAnswered() || !r.state().isLive()) {
            throw CallEngine.wrongState(r, command + " (no re-offer pending)");
        }
        return r;
    }

    private Response reofferResponse(CallSession s, CallRecord r, int code) {
        try {
            if (s.reofferRequest != null) {
                return engine.builder().response(s.reofferRequest, code, null);
            }
            return engine.builder().response(r, r.reoffer(), code);
        } catch (Exception e) {
            throw CallEngine.badArgument("cannot build response " + code + ": " + e.getMessage());
        }
    }
}
