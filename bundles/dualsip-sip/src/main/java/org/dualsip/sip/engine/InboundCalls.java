package org.dualsip.sip.engine;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.DialogState;
import org.dualsip.sip.record.PendingTransaction;
import org.dualsip.sip.record.SessionTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAS side of the initial INVITE: a new call offered to its application, ring/answer/reject
 * from the application, the ACK of our 2xx, CANCEL (including the CANCEL/200 race) and
 * retransmitted INVITEs.
 */
final class InboundCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);

    private final CallEngine engine;
    final AnswerRetransmitter retransmitter;
    final InDialogRequests inDialog;
    final ReliableProvisionalResponses reliable;

    InboundCalls(CallEngine engine) {
        this.engine = engine;
        this.retransmitter = new AnswerRetransmitter(engine);
        this.inDialog = new InDialogRequests(engine, retransmitter);
        this.reliable = new ReliableProvisionalResponses(engine, this);
    }

    // ---- requests from the network ---------------------------------------------------------------

    void onInvite(RequestEvent ev) throws Exception {
        Request req = ev.getRequest();
        String sipCallId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        Optional<CallSession> known = engine.sessionBySipCallId(sipCallId);
        if (known.isPresent()) {
            absorbRetransmission(ev, known.get());
            return;
        }
        ServerTransaction st;
        try {
            st = ServerTransactions.open(ev);
        } catch (ServerTransactions.Retransmission r) {
            return;
        }
        if (req.getHeader(ContactHeader.NAME) == null) {
            engine.respond(st, engine.builder().response(req, Response.BAD_REQUEST, MessageBuilder.newTag()));
            return;
        }
        Replacements replacements = engine.transfers().replacements;
        Replacements.Outcome replaces = replacements.match(req);
        if (replacements.refused(replaces, st, req)) {
            return;
        }
        String requestUri = req.getRequestURI().toString();
        Optional<ApplicationRegistry.Entry> app = replacements.owner(replaces)
                .or(() -> engine.applications().match(requestUri));
        if (app.isEmpty()) {
            engine.respond(st, engine.builder().response(req, Response.TEMPORARILY_UNAVAILABLE, MessageBuilder.newTag()));
            return;
        }
        SessionTimer timer;
        try {
            timer = negotiatedTimer(req);
        } catch (SessionTimerNegotiation.BadTerms e) {
            engine.respond(st, engine.builder().response(req, Response.BAD_REQUEST, MessageBuilder.newTag()));
            return;
        } catch (TooSmall e) {
            engine.respond(st, engine.sessionTimers().tooSmall(req, e.minSe));
            return;
        }
        String sdpProblem = SdpCheck.problemOrNull(MessageBuilder.body(req));
        if (sdpProblem != null) { // RFC 3261 13.3.1.3: an offer we cannot take is answered 488
            engine.respond(st, engine.builder().malformedSdp(req, sdpProblem, MessageBuilder.newTag()));
            return;
        }
        CallRecord first = Replacements.linked(newRecord(req, app.get().name(), timer), replaces);
        // saved (and so replicated) before the 100: once it has a 100 the caller stops resending the
        // INVITE, and a passive without the record could not take this call over
        CallSession s = engine.newSession(first);
        synchronized (s) {
            s.inviteTx = st;
            s.inviteRequest = req;
        }
        engine.respond(st, engine.builder().response(req, Response.TRYING, null));
        engine.emit(s, new CallEvent.Offered(first.toCall(), replaces == null ? null : replaces.replacedCallId()));
    }

    /** A request whose Session-Expires is below our Min-SE: answered 422 (RFC 4028 9). */
    static final class TooSmall extends Exception {
        private static final long serialVersionUID = 1L;
        final int minSe;

        TooSmall(int minSe) {
            super(null, null, false, false);
            this.minSe = minSe;
        }
    }

    /** The session timer granted to this INVITE (not running until our 2xx), or null for none. */
    private SessionTimer negotiatedTimer(Request req) throws SessionTimerNegotiation.BadTerms, TooSmall {
        if (!engine.settings().sessionTimers()) {
            return null; // off: not even parsed
        }
        SessionTimerNegotiation.Grant g = SessionTimerNegotiation.grant(SessionTimerNegotiation.terms(req),
                engine.settings());
        if (g.tooSmallMinSe() > 0) {
            throw new TooSmall(g.tooSmallMinSe());
        }
        return SessionTimers.granted(null, g, SessionTimerNegotiation.lists(req, "Allow", Request.UPDATE), 0);
    }

    private static CallRecord newRecord(Request req, String application, SessionTimer timer) {
        FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        ContactHeader contact = (ContactHeader) req.getHeader(ContactHeader.NAME);
        ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
        long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
        String sipCallId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        List<String> routes = MessageBuilder.headerValues(req, "Record-Route");
        DialogState dialog = new DialogState(sipCallId, MessageBuilder.newTag(), from.getTag(),
                to.getAddress().toString(), from.getAddress().toString(), req.getRequestURI().toString(),
                contact.getAddress().getURI().toString(), routes, via.getTransport().toUpperCase());
        String sdp = MessageBuilder.body(req);
        PendingTransaction invite = new PendingTransaction(Request.INVITE, cseq, MessageBuilder.viaValues(req), sdp, null);
        return new CallRecord(newCallId(), 1, Direction.INBOUND, CallState.OFFERED, application,
                System.currentTimeMillis(), dialog, 0, cseq, sdp, null, invite, null, false, false, timer,
                ReliableProvisionalResponses.stateFor(req), 0, null);
    }

    static String newCallId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(System.currentTimeMillis()) + "-" + Long.toHexString(r.nextLong() >>> 8);
    }

    /** An INVITE without To-tag for a Call-ID we know: a retransmission (re-send our 2xx) or a merge. */
    private void absorbRetransmission(RequestEvent ev, CallSession s) throws Exception {
        Request req = ev.getRequest();
        long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
        String fromTag = ((FromHeader) req.getHeader(FromHeader.NAME)).getTag();
        synchronized (s) {
            CallRecord r = s.record();
            boolean same = r.invite() != null && r.invite().cseq() == cseq
                    && java.util.Objects.equals(fromTag, r.dialog().remoteTag());
            if (same) {
                if (r.state() == CallState.ANSWERED_WAITING_ACK) {
                    Response cached = s.inviteFinal;
                    engine.send(s, () -> retransmitter.resend(r, r.invite(), cached));
                } else if (s.inviteTx == null && r.state().isLive()) {
                    // taken over: no transaction here to repeat our last provisional; a 100 stops the resends
                    Response trying = engine.builder().response(req, Response.TRYING, null);
                    engine.send(s, () -> engine.respond(null, trying));
                }
                return; // otherwise JAIN-SIP's transaction re-sends our last response
            }
        }
        try {
            ServerTransaction st = ServerTransactions.open(ev);
            engine.respond(st, engine.builder().response(req, Response.LOOP_DETECTED, MessageBuilder.newTag()));
        } catch (ServerTransactions.Retransmission ignored) {
            // already answered
        }
    }

    void onAck(Request ack) {
        String sipCallId = ((CallIdHeader) ack.getHeader(CallIdHeader.NAME)).getCallId();
        Optional<CallSession> found = engine.sessionBySipCallId(sipCallId);
        if (found.isEmpty()) {
            return; // ACK for an unknown dialog: silently dropped
        }
        CallSession s = found.get();
        long cseq = ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber();
        synchronized (s) {
            CallRecord r = s.record();
            PendingTransaction tx = AnswerRetransmitter.awaitingAck(r, cseq);
            if (tx == null) {
                return;
            }
            s.cancelRetransmit();
            if (tx == r.invite()) {
                s.inviteTx = null;
                s.inviteRequest = null;
                confirm(s, r, tx.sdp() == null ? MessageBuilder.body(ack) : null);
            } else {
                s.reofferDone(tx, s.reofferFinal);
                engine.commitUnseen(s, r.withReoffer(null));
            }
        }
    }

    /**
     * The ACK of our 2xx confirms the call. For a late offer (the INVITE had no SDP, our 2xx offered)
     * the ACK must carry the answer (RFC 3261 13.2.1): without one the call is ended with BYE.
     */
    private void confirm(CallSession s, CallRecord r, String lateAnswer) {
        boolean lateOffer = r.invite().sdp() == null;
        CallRecord next = r.withState(CallState.CONFIRMED).withInvite(null);
        if (lateOffer && (lateAnswer == null || SdpCheck.problem(lateAnswer) != null)) {
            CallRecord confirmed = engine.commit(s, next);
            engine.outbound().endWithBye(s, confirmed, EndReason.SDP_NEGOTIATION_FAILED,
                    lateAnswer == null ? NO_ANSWER_REASON : MALFORMED_ANSWER_REASON);
            return;
        }
        CallRecord confirmed = lateOffer ? engine.commit(s, next.withSdp(r.sdpOffer(), lateAnswer, true))
                : engine.commitUnseen(s, next); // a late answer is shown to the application: the passive holds it first
        engine.emit(s, new CallEvent.Confirmed(confirmed.toCall()));
        engine.transfers().replacements.replacingConfirmed(confirmed);
        if (confirmed.hangUpPending()) {
            engine.hangUp(s.id); // asked for while our 2xx awaited this ACK
        }
    }

    static final String NO_ANSWER_REASON = "SIP;cause=488;text=\"no SDP answer in ACK\"";
    static final String MALFORMED_ANSWER_REASON = "SIP;cause=488;text=\"malformed SDP answer in ACK\"";

    void onCancel(RequestEvent ev) throws Exception {
        Request cancel = ev.getRequest();
        ServerTransaction st;
        try {
            st = ServerTransactions.open(ev);
        } catch (ServerTransactions.Retransmission r) {
            return;
        }
        String sipCallId = ((CallIdHeader) cancel.getHeader(CallIdHeader.NAME)).getCallId();
        CallSession s = engine.sessionBySipCallId(sipCallId).orElse(null);
        if (s == null || !matchesInvite(s, cancel)) {
            engine.respond(st, engine.builder().response(cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                    MessageBuilder.newTag()));
            return;
        }
        synchronized (s) {
            CallRecord r = s.record();
            Response okCancel = engine.builder().response(cancel, Response.OK, r.dialog().localTag());
            if (r.state() != CallState.OFFERED && r.state() != CallState.RINGING) {
                engine.send(s, () -> engine.respond(st, okCancel)); // CANCEL/200 race: the call carries on
                return;
            }
            CallRecord ended = engine.commit(s, r.ended(EndReason.CANCELLED.name(), Response.REQUEST_TERMINATED));
            Response terminated = finalResponse(s, r, Response.REQUEST_TERMINATED);
            ServerTransaction inviteTx = s.inviteTx;
            engine.send(s, () -> {
                engine.respond(st, okCancel);
                engine.respond(inviteTx, terminated);
            });
            engine.emit(s, new CallEvent.Ended(ended.toCall(), EndReason.CANCELLED, Response.REQUEST_TERMINATED));
        }
    }

    private static boolean matchesInvite(CallSession s, Request cancel) {
        CallRecord r = s.record();
        if (r.direction() != Direction.INBOUND || r.invite() == null || r.invite().vias().isEmpty()) {
            return false;
        }
        long cseq = ((CSeqHeader) cancel.getHeader(CSeqHeader.NAME)).getSeqNumber();
        String branch = ((ViaHeader) cancel.getHeader(ViaHeader.NAME)).getBranch();
        return cseq == r.invite().cseq() && branch != null && r.invite().vias().get(0).contains(branch);
    }

    // ---- commands from the application -----------------------------------------------------------

    void ring(CallSession s, int code, String sdp) {
        if (code <= 100 || code >= 200) {
            throw CallEngine.badArgument("ring needs a 1xx code above 100, not " + code);
        }
        synchronized (s) {
            CallRecord r = requireUnanswered(s, "ring");
            if (r.prack() != null && r.prack().answerHeld()) {
                throw CallEngine.wrongState(r, "ring (answered, waiting for a PRACK)");
            }
            if (sdp != null && r.sdpOffer() == null) {
                // RFC 3261 13.2.1: an offer goes in the 2xx (or a reliable 1xx, not supported yet), never
                // in an unreliable one
                throw CallEngine.badArgument("call " + r.id() + " has no offer (late offer): ring without SDP,"
                        + " the offer goes in the answer");
            }
            if (ReliableProvisionalResponses.reliable(r, sdp)) {
                reliable.ring(s, r, code, sdp);
                return;
            }
            CallRecord ringing = engine.commit(s, r.withState(CallState.RINGING));
            Response resp = provisionalOrFinal(s, ringing, code, sdp);
            ServerTransaction st = s.inviteTx;
            engine.send(s, () -> engine.respond(st, resp));
            engine.emit(s, new CallEvent.Ringing(ringing.toCall(), code, sdp));
        }
    }

    void answer(CallSession s, String sdpAnswer) {
        synchronized (s) {
            CallRecord r = requireUnanswered(s, "answer");
            boolean lateOffer = r.sdpOffer() == null;
            if (lateOffer && (sdpAnswer == null || sdpAnswer.isBlank())) {
                throw CallEngine.badArgument("call " + r.id() + " came without SDP (late offer): answer must give"
                        + " the offer");
            }
            CallRecord withSdp = r.withSdp(lateOffer ? sdpAnswer : r.sdpOffer(), lateOffer ? null : sdpAnswer, lateOffer);
            if (r.prack() != null && r.prack().awaitingPrack()) {
                // RFC 3262 3: no 2xx before the PRACK of our reliable provisional; whoever gets it sends it
                engine.commit(s, withSdp.withPrack(r.prack().withAnswerHeld(true)));
                return;
            }
            sendAnswer(s, withSdp);
        }
    }

    /** Sends our 2xx with the record's SDP (its answer, or its offer for a late offer); under the session lock. */
    void sendAnswer(CallSession s, CallRecord r) {
        SessionTimer t = r.sessionTimer();
        CallRecord next = r.withState(CallState.ANSWERED_WAITING_ACK)
                .withSessionTimer(t == null ? null : t.refreshed(t.interval(), t.localRefresher(),
                        System.currentTimeMillis())); // RFC 4028: the session starts with our 2xx
        CallRecord answered = engine.commit(s, next);
        Response ok = provisionalOrFinal(s, answered, Response.OK, answered.localSdp());
        try {
            engine.builder().add2xxCapabilities(ok);
            engine.sessionTimers().addSupported(ok);
            engine.sessionTimers().addToResponse(ok, answered.sessionTimer());
        } catch (java.text.ParseException e) {
            throw CallEngine.badArgument("cannot build 200: " + e.getMessage());
        }
        engine.sessionTimers().arm(s);
        s.inviteFinal = ok;
        ServerTransaction st = s.inviteTx;
        engine.send(s, () -> engine.respond(st, ok));
        retransmitter.start(s, answered.invite().cseq());
        engine.emit(s, new CallEvent.Answered(answered.toCall()));
    }

    void reject(CallSession s, int code, String reasonPhrase) {
        if (code < 300 || code > 699) {
            throw CallEngine.badArgument("reject needs a final code 300-699, not " + code);
        }
        synchronized (s) {
            requireUnanswered(s, "reject");
            rejectLocked(s, code, EndReason.REJECTED.name(), reasonPhrase);
        }
    }

    /** Ends an unanswered inbound call with a final response; call under the session lock. */
    void rejectLocked(CallSession s, int code, String reason, String reasonPhrase) {
        CallRecord r = s.record();
        Response resp = finalResponse(s, r, code);
        if (reasonPhrase != null && !reasonPhrase.isBlank()) {
            try {
                resp.setReasonPhrase(reasonPhrase);
            } catch (java.text.ParseException e) {
                throw CallEngine.badArgument("bad reason phrase: " + reasonPhrase);
            }
        }
        CallRecord ended = engine.commit(s, r.ended(reason, code));
        ServerTransaction st = s.inviteTx;
        engine.send(s, () -> engine.respond(st, resp));
        engine.emit(s, new CallEvent.Ended(ended.toCall(), EndReason.valueOf(reason), code));
    }

    private CallRecord requireUnanswered(CallSession s, String command) {
        CallRecord r = s.record();
        if (r.direction() != Direction.INBOUND
                || (r.state() != CallState.OFFERED && r.state() != CallState.RINGING)) {
            throw CallEngine.wrongState(r, command);
        }
        return r;
    }

    Response provisionalOrFinal(CallSession s, CallRecord r, int code, String sdp) {
        Response resp = finalResponse(s, r, code);
        try {
            engine.builder().addContactAndSdp(resp, r.dialog().transport(), sdp);
        } catch (java.text.ParseException e) {
            throw CallEngine.badArgument("cannot build response: " + e.getMessage());
        }
        return resp;
    }

    /** A response to the initial INVITE: from the cached request, or rebuilt from the record. */
    private Response finalResponse(CallSession s, CallRecord r, int code) {
        try {
            if (s.inviteRequest != null) {
                return engine.builder().response(s.inviteRequest, code, r.dialog().localTag());
            }
            return engine.builder().response(r, r.invite(), code);
        } catch (Exception e) {
            LOG.debug("call {}: cannot build {}: {}", s.id, code, e.toString());
            throw CallEngine.badArgument("cannot build response " + code + ": " + e.getMessage());
        }
    }
}
