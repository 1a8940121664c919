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
import javax.sip.header.RSeqHeader;
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
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.DialogState;
import org.dualsip.sip.record.PendingTransaction;
import org.dualsip.sip.record.SessionTimer;
import org.dualsip.sip.stack.StackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests we send and their answers: outbound calls (INVITE, 1xx/2xx/final, ACK, CANCEL), BYE
 * and re-INVITE in both directions of call, and client transaction timeouts.
 */
final class OutboundCalls {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundCalls.class);

    private final CallEngine engine;
    final OutboundLateOffer lateOffers;
    final LocalOffers localOffers;
    private final ProvisionalAcknowledgements pracks;
    final EngineHangUps hangUps;

    OutboundCalls(CallEngine engine) {
        this.engine = engine;
        this.lateOffers = new OutboundLateOffer(engine, this);
        this.localOffers = new LocalOffers(engine, this);
        this.pracks = new ProvisionalAcknowledgements(engine);
        this.hangUps = new EngineHangUps(engine);
    }

    // ---- commands --------------------------------------------------------------------------------

    String place(OutboundCallRequest req) {
        return place(req, null);
    }

    /** Places a call whose record starts with this transfer state (a call placed for a transfer), or null. */
    String place(OutboundCallRequest req, org.dualsip.sip.record.Transfer transfer) {
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
        StackSettings settings = engine.settings();
        // the interval we ask for; it runs once a 2xx grants it (RFC 4028 7.1)
        SessionTimer asked = settings.sessionTimers()
                ? new SessionTimer(settings.sessionExpires(), true, 0, settings.minSe(), false, true, 0) : null;
        // a null offer is a late-offer call: the far end's 2xx offers, the application answers in the ACK
        CallRecord first = new CallRecord(InboundCalls.newCallId(), 1, Direction.OUTBOUND, CallState.OFFERED,
                req.application(), System.currentTimeMillis(), dialog, 1, 0, req.sdpOffer(), null, invite, null,
                false, req.sdpOffer() != null, asked, null, 0, null, OfferAnswer.INITIAL, transfer);
        Request inviteRequest;
        try {
            inviteRequest = buildInvite(first);
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
            invite = buildInvite(r);
        } catch (Exception e) {
            LOG.warn("call {}: cannot rebuild our INVITE: {}", s.id, e.toString());
            return;
        }
        engine.send(s, () -> sendInvite(s, invite));
    }

    /** Our initial INVITE from the record: branch, CSeq, extra headers and session-timer terms. */
    private Request buildInvite(CallRecord r) throws Exception {
        Request invite = engine.builder().initialInvite(r, r.invite().vias().get(0), r.invite().extraHeaders());
        engine.builder().addAllow(invite, MessageBuilder.ALLOW);
        if (r.offerLocal()) {
            // 100rel only with our offer: an offer in a reliable provisional would need its answer in the PRACK
            invite.addHeader(engine.builder().header("Supported", "100rel"));
        }
        engine.sessionTimers().addToRequest(invite, r.sessionTimer(), true);
        return invite;
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

    private void sendInDialog(CallSession s, CallRecord r, String method, long cseq, String sdp) {
        engine.send(s, () -> {
            Request req = engine.builder().inDialog(r, method, cseq);
            if (Request.INVITE.equals(method)) {
                engine.builder().addContactAndSdp(req, r.dialog().transport(), sdp);
                engine.sessionTimers().addToRequest(req, r.sessionTimer(), false); // or a 2xx turns it off
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
            if (SessionTimers.answersRefresh(r, method, cseq.getSeqNumber())) {
                engine.sessionTimers().onRefreshResponse(s, r, resp);
            } else if (Request.INVITE.equals(method) && r.direction() == Direction.OUTBOUND && r.invite() != null
                    && cseq.getSeqNumber() == r.invite().cseq()) {
                onInitialInviteResponse(s, r, resp);
            } else if (localOffers.onResponse(s, r, resp, method, cseq.getSeqNumber())) {
                return; // the answer to the application's re-INVITE/UPDATE
            } else if (Request.INVITE.equals(method) && resp.getStatusCode() >= 200 && resp.getStatusCode() < 300) {
                ackAgain(s, r, cseq.getSeqNumber()); // a 2xx repeated: our re-INVITE's ACK got lost
            } else if (Request.BYE.equals(method) && resp.getStatusCode() >= 200) {
                endIfLive(s, EndReason.LOCAL_HANGUP, resp.getStatusCode());
            } else if (Transfers.handles(method)) {
                engine.transfers().onResponse(s, r, resp, method, cseq.getSeqNumber());
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
            if (early && SessionTimerNegotiation.lists(resp, "Require", "100rel") && resp.getHeader(RSeqHeader.NAME) != null) {
                pracks.onReliableProvisional(s, r, resp);
            } else if (early) {
                String remoteTag = ((ToHeader) resp.getHeader(ToHeader.NAME)).getTag();
                CallRecord next = engine.commit(s, r.withState(CallState.RINGING).withDialog(r.dialog().withRemoteTag(remoteTag)));
                engine.emit(s, new CallEvent.Ringing(next.toCall(), code, MessageBuilder.body(resp)));
            }
        } else if (code < 300) {
            on2xx(s, r, resp, early);
        } else if (code == SessionTimerNegotiation.TOO_SMALL && early && retryWithLargerInterval(s, r, resp)) {
            return;
        } else if (r.state().isLive()) {
            boolean cancelled = r.state() == CallState.TERMINATING;
            endIfLive(s, cancelled ? EndReason.LOCAL_HANGUP : EndReason.REJECTED, code);
        }
    }

    /**
     * 422 to our INVITE (RFC 4028 7.4): the INVITE again with a new CSeq and branch, asking at least the
     * Min-SE the far end named. False (the call is then rejected) when that asks nothing new.
     */
    private boolean retryWithLargerInterval(CallSession s, CallRecord r, Response resp) throws Exception {
        SessionTimer asked = r.sessionTimer();
        int min = SessionTimerNegotiation.terms(resp).minSe();
        if (asked == null || min <= asked.minSe()) {
            return false;
        }
        long cseq = r.localCSeq() + 1;
        PendingTransaction old = r.invite();
        PendingTransaction invite = new PendingTransaction(Request.INVITE, cseq, List.of(MessageBuilder.newBranch()),
                old.sdp(), null, old.extraHeaders());
        SessionTimer larger = asked.withMinSe(min).withInterval(Math.max(asked.interval(), min));
        CallRecord next = engine.commit(s, r.withLocalCSeq(cseq).withInvite(invite).withSessionTimer(larger));
        Request retry = buildInvite(next);
        engine.send(s, () -> sendInvite(s, retry));
        return true;
    }

    private void on2xx(CallSession s, CallRecord r, Response resp, boolean early) throws Exception {
        if (r.state() == CallState.ANSWERED_WAITING_ACK) {
            return; // late offer: the 2xx comes again while the application prepares its answer
        }
        if (!early && (r.state() != CallState.TERMINATING || r.endDecided())) {
            resendInitialAck(s, r); // retransmitted 2xx: our ACK got lost (also while our own BYE ends the call)
            return;
        }
        String remoteTag = ((ToHeader) resp.getHeader(ToHeader.NAME)).getTag();
        ContactHeader contact = (ContactHeader) resp.getHeader(ContactHeader.NAME);
        List<String> routes = new ArrayList<>(MessageBuilder.headerValues(resp, "Record-Route"));
        Collections.reverse(routes);
        String target = contact != null ? contact.getAddress().getURI().toString() : r.dialog().remoteTarget();
        DialogState dialog = r.dialog().withRemoteTag(remoteTag).withRemoteTarget(target, routes);
        boolean crossedCancel = r.state() == CallState.TERMINATING;
        boolean lateOffer = !r.offerLocal();
        String body = MessageBuilder.body(resp);
        // after a reliable provisional with the answer, the 2xx may carry none (RFC 3262 5)
        CallRecord next = (lateOffer ? r.withSdp(body, null, false)
                : r.withSdp(r.sdpOffer(), body != null && !OfferAnswerRules.initialComplete(r) ? body : r.sdpAnswer()))
                .withDialog(dialog).withSessionTimer(timerAfter2xx(r, resp));
        if (crossedCancel) { // 2xx crossed our CANCEL: ACK, then BYE
            long byeCSeq = r.localCSeq() + 1;
            CallRecord bye = engine.commit(s, next.withLocalCSeq(byeCSeq).withHangUpPending(false));
            sendAck(s, bye, r.invite().cseq(), null);
            sendInDialog(s, bye, Request.BYE, byeCSeq, null);
            return;
        }
        if (lateOffer) {
            lateOffers.on2xx(s, next, body);
            return;
        }
        if (body != null && SdpCheck.problem(body) != null) { // an answer we cannot use: ACK, then BYE
            CallRecord confirmed = engine.commit(s, next.withState(CallState.CONFIRMED));
            sendAck(s, confirmed, r.invite().cseq(), null);
            endWithBye(s, confirmed, EndReason.SDP_NEGOTIATION_FAILED, MALFORMED_ANSWER_REASON);
            return;
        }
        CallRecord confirmed = engine.commit(s, next.withState(CallState.CONFIRMED));
        sendAck(s, confirmed, r.invite().cseq(), null);
        engine.sessionTimers().arm(s);
        engine.emit(s, new CallEvent.Answered(confirmed.toCall()));
        engine.emit(s, new CallEvent.Confirmed(confirmed.toCall()));
    }

    static final String MALFORMED_ANSWER_REASON = "SIP;cause=488;text=\"malformed SDP answer in 2xx\"";

    /** The session timer a 2xx to our INVITE grants (none without Session-Expires), running from now. */
    private static SessionTimer timerAfter2xx(CallRecord r, Response resp) throws Exception {
        SessionTimer t = SessionTimers.afterOur2xx(r.sessionTimer(), SessionTimerNegotiation.terms(resp),
                System.currentTimeMillis());
        return t == null ? null : t.withPeerAllowsUpdate(SessionTimerNegotiation.lists(resp, "Allow", Request.UPDATE));
    }

    /**
     * Ends a call by the engine's own decision with a BYE carrying a Reason header (session expired, failed
     * offer/answer, no ACK, replaced): see {@link EngineHangUps}. Call under the session lock.
     */
    void endWithBye(CallSession s, CallRecord r, EndReason why, String reason) {
        hangUps.end(s, r, why, reason);
    }

    /** ACKs the 2xx of our INVITE refresh (an UPDATE's needs none); call under the session lock. */
    void ack2xxIfInvite(CallSession s, CallRecord r, Response resp) throws Exception {
        CSeqHeader cseq = (CSeqHeader) resp.getHeader(CSeqHeader.NAME);
        if (Request.INVITE.equals(cseq.getMethod())) {
            sendAck(s, r, cseq.getSeqNumber(), null);
        }
    }

    /**
     * A 2xx repeated for one of our re-INVITEs whose exchange is over (the application's or a session
     * refresh): only the ACK again, never taken for the answer to a later offer (the record's offer/answer
     * state says which one is outstanding). Rebuilt from the record when this node did not send the first
     * ACK (taken over).
     */
    private void ackAgain(CallSession s, CallRecord r, long cseq) throws Exception {
        Request last = s.lastAck;
        if (last != null && ((CSeqHeader) last.getHeader(CSeqHeader.NAME)).getSeqNumber() == cseq) {
            resendAck(s);
        } else if (r.dialog().remoteTag() != null && cseq > 0) {
            Request ack = engine.builder().ackFor2xx(r, cseq);
            engine.send(s, () -> send(ack));
        }
    }

    /** ACKs the 2xx of our INVITE with this CSeq (with a late offer's answer when given); under the session lock. */
    void sendAck(CallSession s, CallRecord r, long cseq, String sdp) throws Exception {
        Request ack = engine.builder().ackFor2xx(r, cseq);
        if (sdp != null) {
            ack.setContent(sdp, engine.builder().sdpType()); // a late offer's answer
        }
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
            if (!r.offerLocal() && r.sdpAnswer() != null) {
                s.lastAck.setContent(r.sdpAnswer(), engine.builder().sdpType()); // late offer: the answer again
            }
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
            if (Transfers.handles(method)) {
                long cseq = ((CSeqHeader) ct.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
                engine.transfers().onTimeout(s, s.record(), method, cseq);
                return;
            }
            CallState state = s.record().state();
            if (Request.BYE.equals(method) || state == CallState.TERMINATING) {
                endIfLive(s, EndReason.LOCAL_HANGUP, Response.REQUEST_TIMEOUT);
            } else if (Request.INVITE.equals(method) && (state == CallState.OFFERED || state == CallState.RINGING)
                    && s.record().direction() == Direction.OUTBOUND && isInitialInvite(s.record(), ct)) {
                endIfLive(s, EndReason.TIMEOUT, Response.REQUEST_TIMEOUT);
            } else if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
                long cseq = ((CSeqHeader) ct.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
                engine.sessionTimers().onRefreshTimeout(s, cseq);
                localOffers.timedOut(s, cseq);
            }
        }
    }

    private static boolean isInitialInvite(CallRecord r, ClientTransaction ct) {
        return r.invite() != null
                && ((CSeqHeader) ct.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber() == r.invite().cseq();
    }

    private void endIfLive(CallSession s, EndReason reason, int code) {
        synchronized (s) {
            CallRecord r = s.record();
            if (!r.state().isLive() || hangUps.close(s, r)) {
                return; // ended, or ending by our own BYE: the application was told when it was decided
            }
            CallRecord ended = engine.commit(s, r.ended(reason.name(), code));
            engine.emit(s, new CallEvent.Ended(ended.toCall(), reason, code));
        }
    }
}
