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

    InboundCalls(CallEngine engine) {
        this.engine = engine;
        this.retransmitter = new AnswerRetransmitter(engine);
        this.inDialog = new InDialogRequests(engine, retransmitter);
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
        String requestUri = req.getRequestURI().toString();
        Optional<ApplicationRegistry.Entry> app = engine.applications().match(requestUri);
        if (app.isEmpty()) {
            engine.respond(st, engine.builder().response(req, Response.TEMPORARILY_UNAVAILABLE, MessageBuilder.newTag()));
            return;
        }
        CallRecord first = newRecord(req, app.get().name());
        // saved (and so replicated) before the 100: once it has a 100 the caller stops resending the
        // INVITE, and a passive without the record could not take this call over
        CallSession s = engine.newSession(first);
        synchronized (s) {
            s.inviteTx = st;
            s.inviteRequest = req;
        }
        engine.respond(st, engine.builder().response(req, Response.TRYING, null));
        engine.emit(s, new CallEvent.Offered(first.toCall()));
    }

    private static CallRecord newRecord(Request req, String application) {
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
                System.currentTimeMillis(), dialog, 0, cseq, sdp, null, invite, null, false, 0, null);
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
                CallRecord confirmed = engine.commitUnseen(s, r.withState(CallState.CONFIRMED).withInvite(null));
                engine.emit(s, new CallEvent.Confirmed(confirmed.toCall()));
                if (confirmed.hangUpPending()) {
                    engine.hangUp(s.id); // asked for while our 2xx awaited this ACK
                }
            } else {
                s.reofferDone(tx, s.reofferFinal);
                engine.commitUnseen(s, r.withReoffer(null));
            }
        }
    }

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
            CallRecord answered = engine.commit(s,
                    r.withState(CallState.ANSWERED_WAITING_ACK).withSdp(r.sdpOffer(), sdpAnswer));
            Response ok = provisionalOrFinal(s, answered, Response.OK, sdpAnswer);
            s.inviteFinal = ok;
            ServerTransaction st = s.inviteTx;
            engine.send(s, () -> engine.respond(st, ok));
            retransmitter.start(s, answered.invite().cseq());
            engine.emit(s, new CallEvent.Answered(answered.toCall()));
        }
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

    private Response provisionalOrFinal(CallSession s, CallRecord r, int code, String sdp) {
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
