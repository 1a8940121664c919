package org.dualsip.sip.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionState;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.DialogState;
import org.dualsip.sip.record.PendingTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests we send and their answers: outbound calls (INVITE, 1xx/2xx/final, ACK, CANCEL), BYE
 * and re-INVITE in both directions of call, and client transaction timeouts.
 */
final class OutboundCalls {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundCalls.class);

    private final CallEngine engine;

    OutboundCalls(CallEngine engine) {
        this.engine = engine;
    }

    // ---- commands --------------------------------------------------------------------------------

    String place(OutboundCallRequest req) {
        if (engine.provider() == null) {
            throw new CallControlException(CallControlException.Reason.NOT_ACTIVE, "SIP is not listening");
        }
        String to = req.to().trim();
        if (!to.regionMatches(true, 0, "sip:", 0, 4) && !to.regionMatches(true, 0, "sips:", 0, 5)) {
            throw CallEngine.badArgument("not a SIP URI: " + to);
        }
        if (engine.applications().byName(req.application()).isEmpty()) {
            throw CallEngine.badArgument("no application named " + req.application());
        }
        String transport = to.toLowerCase().contains("transport=tcp") ? "TCP" : "UDP";
        String branch = MessageBuilder.newBranch();
        String sipCallId = InboundCalls.newCallId() + "@dualsip";
        DialogState dialog = new DialogState(sipCallId, MessageBuilder.newTag(), null, asNameAddr(req.from()),
                asNameAddr(to), to, to, List.of(), transport);
        // for our own INVITE the one "via" kept is its branch: CANCEL must reuse it (RFC 3261 9.1)
        PendingTransaction invite = new PendingTransaction(Request.INVITE, 1, List.of(branch), req.sdpOffer(), null,
                req.extraHeaders());
        CallRecord first = new CallRecord(InboundCalls.newCallId(), 1, Direction.OUTBOUND, CallState.OFFERED,
                req.application(), System.currentTimeMillis(), dialog, 1, 0, req.sdpOffer(), null, invite, null,
                false, 0, null);
        Request inviteRequest;
        try {
            inviteRequest = engine.builder().initialInvite(first, branch, req.extraHeaders());
        } catch (Exception e) {
            throw CallEngine.badArgument("cannot build INVITE: " + e.getMessage());
        }
        CallSession s = engine.newSession(first);
        engine.send(s, () -> sendInvite(s, inviteRequest));
        return first.id();
    }

    /**
     * Sends our unanswered INVITE again from the record, after a takeover: same branch and CSeq, so the
     * far end sees a retransmission, and a client transaction here again (Timer B, CANCEL, responses).
     * The headers the application added to the first INVITE come from the record too.
     * Call under the session lock.
     */
    void resendInvite(CallSession s, CallRecord r) {
        Request invite;
        try {
            invite = engine.builder().initialInvite(r, r.invite().vias().get(0), r.invite().extraHeaders());
        } catch (Exception e) {
            LOG.warn("call {}: cannot rebuild our INVITE: {}", s.id, e.toString());
            return;
        }
        engine.send(s, () -> sendInvite(s, invite));
    }

    private static String asNameAddr(String uri) {
        String u = uri.trim();
        return u.contains("<") ? u : "<" + u + ">";
    }

    private void sendInvite(CallSession s, Request invite) {
        try {
            ClientTransaction ct = engine.provider().getNewClientTransaction(invite);
            ct.setApplicationData(s.id);
            synchronized (s) {
                s.outboundInvite = ct;
            }
            ct.sendRequest();
        } catch (Exception e) {
            LOG.debug("call {}: INVITE not sent: {}", s.id, e.toString());
            endIfLive(s, EndReason.SERVICE_FAILURE, 0);
        }
    }

    /**
     * Hang-up of our unanswered INVITE; call under the session lock. RFC 3261 9.1: CANCEL only once a
     * provisional response came; before that the record notes the CANCEL as pending and the first
     * 1xx sends it (a final response ends the call anyway; a 2xx is ACKed and BYEd).
     */
    void cancel(CallSession s) {
        CallRecord r = s.record();
        ClientTransaction ct = s.outboundInvite;
        boolean provisionalSeen = r.state() == CallState.RINGING
                || (ct != null && ct.getState() == TransactionState.PROCEEDING);
        CallRecord next = engine.commit(s, r.withState(CallState.TERMINATING).withHangUpPending(!provisionalSeen));
        if (provisionalSeen) {
            sendCancel(s, next);
        }
    }

    /** Sends the CANCEL of our INVITE; call under the session lock. */
    void sendCancel(CallSession s, CallRecord r) {
        engine.send(s, () -> {
            ClientTransaction ct;
            synchronized (s) {
                ct = s.outboundInvite;
            }
            // without the INVITE's transaction (taken over), the record has what CANCEL needs
            Request cancel = ct != null ? ct.createCancel() : engine.builder().cancelFor(r);
            ClientTransaction cancelTx = engine.provider().getNewClientTransaction(cancel);
            cancelTx.setApplicationData(r.id());
            cancelTx.sendRequest();
        });
    }

    /** BYE in a confirmed (or answered) call; call under the session lock. */
    void bye(CallSession s) {
        CallRecord r = s.record();
        long cseq = r.localCSeq() + 1;
        s.cancelRetransmit();
        CallRecord next = engine.commit(s, r.withLocalCSeq(cseq).withState(CallState.TERMINATING).withHangUpPending(false));
        sendInDialog(s, next, Request.BYE, cseq, null);
    }

    void reoffer(CallSession s, String sdp) {
        synchronized (s) {
            CallRecord r = s.record();
            if (r.state() != CallState.CONFIRMED || r.reoffer() != null) {
                throw CallEngine.wrongState(r, "reoffer");
            }
            long cseq = r.localCSeq() + 1;
            CallRecord next = engine.commit(s, r.withLocalCSeq(cseq));
            sendInDialog(s, next, Request.INVITE, cseq, sdp);
        }
    }

    private void sendInDialog(CallSession s, CallRecord r, String method, long cseq, String sdp) {
        engine.send(s, () -> {
            Request req = engine.builder().inDialog(r, method, cseq);
            if (Request.INVITE.equals(method)) {
                engine.builder().addContactAndSdp(req, r.dialog().transport(), sdp);
            }
            ClientTransaction ct = engine.provider().getNewClientTransaction(req);
            ct.setApplicationData(r.id());
            ct.sendRequest();
        });
    }

    // ---- responses and timeouts ------------------------------------------------------------------

    void onResponse(ResponseEvent ev) throws Exception {
        Response resp = ev.getResponse();
        CSeqHeader cseq = (CSeqHeader) resp.getHeader(CSeqHeader.NAME);
        CallSession s = sessionOf(ev.getClientTransaction(), resp);
        if (s == null || cseq == null) {
            return; // stray response: dropped
        }
        synchronized (s) {
            CallRecord r = s.record();
            String method = cseq.getMethod();
            if (Request.INVITE.equals(method) && r.direction() == Direction.OUTBOUND && r.invite() != null
                    && cseq.getSeqNumber() == r.invite().cseq()) {
                onInitialInviteResponse(s, r, resp);
            } else if (Request.INVITE.equals(method)) {
                onReofferResponse(s, r, resp, cseq.getSeqNumber());
            } else if (Request.BYE.equals(method) && resp.getStatusCode() >= 200) {
                endIfLive(s, EndReason.LOCAL_HANGUP, resp.getStatusCode());
            }
        }
    }

    private CallSession sessionOf(ClientTransaction ct, Response resp) {
        if (ct != null && ct.getApplicationData() instanceof String id) {
            return engine.session(id);
        }
        CallIdHeader callId = (CallIdHeader) resp.getHeader(CallIdHeader.NAME);
        return callId == null ? null : engine.sessionBySipCallId(callId.getCallId()).orElse(null);
    }

    private void onInitialInviteResponse(CallSession s, CallRecord r, Response resp) throws Exception {
        int code = resp.getStatusCode();
        if (code < 200 && r.state() == CallState.TERMINATING && r.hangUpPending()) {
            sendCancel(s, engine.commit(s, r.withHangUpPending(false))); // the 1xx the CANCEL waited for
            return;
        }
        if (code == 100) {
            return;
        }
        boolean early = r.state() == CallState.OFFERED || r.state() == CallState.RINGING;
        if (code < 200) {
            if (early) {
                String remoteTag = ((ToHeader) resp.getHeader(ToHeader.NAME)).getTag();
                CallRecord next = engine.commit(s, r.withState(CallState.RINGING).withDialog(r.dialog().withRemoteTag(remoteTag)));
                engine.emit(s, new CallEvent.Ringing(next.toCall(), code, MessageBuilder.body(resp)));
            }
        } else if (code < 300) {
            on2xx(s, r, resp, early);
        } else if (r.state().isLive()) {
            boolean cancelled = r.state() == CallState.TERMINATING;
            endIfLive(s, cancelled ? EndReason.LOCAL_HANGUP : EndReason.REJECTED, code);
        }
    }

    private void on2xx(CallSession s, CallRecord r, Response resp, boolean early) throws Exception {
        if (!early && r.state() != CallState.TERMINATING) {
            resendInitialAck(s, r); // retransmitted 2xx: our ACK got lost
            return;
        }
        String remoteTag = ((ToHeader) resp.getHeader(ToHeader.NAME)).getTag();
        ContactHeader contact = (ContactHeader) resp.getHeader(ContactHeader.NAME);
        List<String> routes = new ArrayList<>(MessageBuilder.headerValues(resp, "Record-Route"));
        Collections.reverse(routes);
        String target = contact != null ? contact.getAddress().getURI().toString() : r.dialog().remoteTarget();
        DialogState dialog = r.dialog().withRemoteTag(remoteTag).withRemoteTarget(target, routes);
        boolean crossedCancel = r.state() == CallState.TERMINATING;
        CallRecord next = r.withDialog(dialog).withSdp(r.sdpOffer(), MessageBuilder.body(resp));
        if (crossedCancel) { // 2xx crossed our CANCEL: ACK, then BYE
            long byeCSeq = r.localCSeq() + 1;
            CallRecord bye = engine.commit(s, next.withLocalCSeq(byeCSeq).withHangUpPending(false));
            sendAck(s, bye, r.invite().cseq());
            sendInDialog(s, bye, Request.BYE, byeCSeq, null);
            return;
        }
        CallRecord confirmed = engine.commit(s, next.withState(CallState.CONFIRMED));
        sendAck(s, confirmed, r.invite().cseq());
        engine.emit(s, new CallEvent.Answered(confirmed.toCall()));
        engine.emit(s, new CallEvent.Confirmed(confirmed.toCall()));
    }

    private void onReofferResponse(CallSession s, CallRecord r, Response resp, long cseq) throws Exception {
        int code = resp.getStatusCode();
        if (code < 200 || cseq != r.localCSeq()) {
            if (code >= 200 && code < 300) {
                resendAck(s);
            }
            return;
        }
        String sdp = MessageBuilder.body(resp);
        if (code < 300) {
            if (s.lastAck != null && ((CSeqHeader) s.lastAck.getHeader(CSeqHeader.NAME)).getSeqNumber() == cseq) {
                resendAck(s);
                return;
            }
            CallRecord next = engine.commit(s, r.withSdp(r.sdpOffer(), sdp != null ? sdp : r.sdpAnswer()));
            sendAck(s, next, cseq);
            engine.emit(s, new CallEvent.ReofferAnswered(next.toCall(), code, sdp));
        } else {
            engine.emit(s, new CallEvent.ReofferAnswered(r.toCall(), code, sdp));
        }
    }

    private void sendAck(CallSession s, CallRecord r, long cseq) throws Exception {
        Request ack = engine.builder().ackFor2xx(r, cseq);
        s.lastAck = ack;
        engine.send(s, () -> send(ack));
    }

    private void resendAck(CallSession s) {
        Request ack = s.lastAck;
        if (ack != null) {
            engine.send(s, () -> send(ack));
        }
    }

    /** The ACK of our INVITE's 2xx again; rebuilt from the record when the peer sent the first one (taken over). */
    private void resendInitialAck(CallSession s, CallRecord r) throws Exception {
        if (s.lastAck == null && r.dialog().remoteTag() != null) {
            s.lastAck = engine.builder().ackFor2xx(r, r.invite().cseq());
        }
        resendAck(s);
    }

    private void send(Request req) throws Exception {
        SipProvider p = engine.provider();
        if (p != null) {
            p.sendRequest(req);
        }
    }

    void onTimeout(TimeoutEvent ev) {
        if (ev.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = ev.getClientTransaction();
        CallSession s = ct != null && ct.getApplicationData() instanceof String id ? engine.session(id) : null;
        if (s == null) {
            return;
        }
        String method = ct.getRequest().getMethod();
        synchronized (s) {
            CallState state = s.record().state();
            if (Request.BYE.equals(method) || state == CallState.TERMINATING) {
                endIfLive(s, EndReason.LOCAL_HANGUP, Response.REQUEST_TIMEOUT);
            } else if (Request.INVITE.equals(method) && (state == CallState.OFFERED || state == CallState.RINGING)) {
                endIfLive(s, EndReason.TIMEOUT, Response.REQUEST_TIMEOUT);
            }
        }
    }

    private void endIfLive(CallSession s, EndReason reason, int code) {
        synchronized (s) {
            CallRecord r = s.record();
            if (!r.state().isLive()) {
                return;
            }
            CallRecord ended = engine.commit(s, r.ended(reason.name(), code));
            engine.emit(s, new CallEvent.Ended(ended.toCall(), reason, code));
        }
    }
}
