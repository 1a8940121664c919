package org.dualsip.sip.engine;

import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.engine.SessionTimerNegotiation.Grant;
import org.dualsip.sip.engine.SessionTimerNegotiation.Refresher;
import org.dualsip.sip.engine.SessionTimerNegotiation.Terms;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.SessionTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timers at run time: arms one timer per call from its record (so a new active
 * re-arms exactly what the old one had), refreshes as the refresher at half the interval, ends the
 * session with BYE when it expires, and handles the answers to our refreshes. A passive never fires
 * one: its timers are cancelled when it stops serving, and a tick checks the role again.
 */
final class SessionTimers {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);

    /** The Reason of the BYE that ends an expired session. */
    static final String EXPIRED_REASON = "SIP;cause=408;text=\"session expired\"";
    /** Retry of a refresh that met another refusal (not a glare: see OfferAnswerRules), while the session lives. */
    private static final long RETRY_MILLIS = 2000;

    private final CallEngine engine;
    private final OutboundCalls outbound;

    SessionTimers(CallEngine engine, OutboundCalls outbound) {
        this.engine = engine;
        this.outbound = outbound;
    }

    // ---- headers ---------------------------------------------------------------------------------

    /** Supported: timer on what we send, when session timers are on. */
    void addSupported(Message m) throws java.text.ParseException {
        if (engine.settings().sessionTimers()) {
            m.addHeader(engine.builder().header("Supported", "timer"));
        }
    }

    /** Session-Expires (we refresh: refresher=uac), Min-SE and Supported on a request we send. */
    void addToRequest(Request req, SessionTimer t, boolean initial) throws java.text.ParseException {
        if (t == null) {
            return;
        }
        Refresher refresher = initial ? Refresher.NONE : (t.localRefresher() ? Refresher.UAC : Refresher.UAS);
        req.setHeader(engine.builder().header("Session-Expires",
                SessionTimerNegotiation.sessionExpiresValue(t.interval(), refresher)));
        req.setHeader(engine.builder().header("Min-SE", Integer.toString(t.minSe())));
        req.addHeader(engine.builder().header("Supported", "timer"));
    }

    /**
     * Session-Expires on our 2xx to an INVITE, re-INVITE or UPDATE of the far end (we are its UAS):
     * refresher=uas when we refresh; Require: timer when the far end supports timers.
     */
    void addToResponse(Response resp, SessionTimer t) throws java.text.ParseException {
        if (t == null) {
            return;
        }
        Refresher refresher = t.localRefresher() ? Refresher.UAS : Refresher.UAC;
        resp.setHeader(engine.builder().header("Session-Expires",
                SessionTimerNegotiation.sessionExpiresValue(t.interval(), refresher)));
        if (t.peerSupportsTimer()) {
            resp.setHeader(engine.builder().header("Require", "timer"));
        }
    }

    /** A 422 response carrying our Min-SE. */
    Response tooSmall(Request req, int minSe) throws java.text.ParseException {
        Response resp = engine.builder().response(req, SessionTimerNegotiation.TOO_SMALL, MessageBuilder.newTag());
        resp.setReasonPhrase("Session Interval Too Small"); // JAIN-SIP does not know 422
        resp.setHeader(engine.builder().header("Min-SE", Integer.toString(minSe)));
        return resp;
    }

    /** The timer a grant establishes now (keeping what the record knew of the far end's UPDATE). */
    static SessionTimer granted(SessionTimer before, Grant g, boolean peerAllowsUpdate, long nowMillis) {
        if (!g.granted()) {
            return null;
        }
        boolean update = before != null ? before.peerAllowsUpdate() : peerAllowsUpdate;
        return new SessionTimer(g.interval(), g.localRefresher(), nowMillis, g.minSe(), update, g.requireTimer(), 0);
    }

    /**
     * The timer after a 2xx to a request of ours (we were its UAC): the interval and refresher it names,
     * or none when it has no Session-Expires (RFC 4028 7.2: the far end turned it off).
     */
    static SessionTimer afterOur2xx(SessionTimer asked, Terms answer, long nowMillis) {
        if (asked == null || answer.sessionExpires() == 0) {
            return null;
        }
        boolean weRefresh = answer.refresher() != Refresher.UAS;
        return asked.refreshed(answer.sessionExpires(), weRefresh, nowMillis);
    }

    // ---- timers ----------------------------------------------------------------------------------

    /** (Re)arms the call's timer from its record; call under the session lock. */
    void arm(CallSession s) {
        CallRecord r = s.record();
        SessionTimer t = r.sessionTimer();
        s.cancelSessionTick();
        if (t == null || !t.running() || !inSession(r) || !engine.serving()) {
            return;
        }
        long due = t.localRefresher() && t.refreshCSeq() == 0
                ? Math.min(t.refreshDueMillis(), t.expiryMillis()) : t.expiryMillis();
        schedule(s, due - System.currentTimeMillis());
    }

    /** A call ending (its BYE or CANCEL sent) or ended is refreshed and expired no more. */
    private static boolean inSession(CallRecord r) {
        return r.state().isLive() && r.state() != CallState.TERMINATING;
    }

    private void schedule(CallSession s, long delayMillis) {
        s.sessionTick = engine.timers().schedule(() -> tick(s), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void tick(CallSession s) {
        try {
            synchronized (s) {
                CallRecord r = s.record();
                SessionTimer t = r.sessionTimer();
                if (!engine.serving() || t == null || !t.running() || !inSession(r)) {
                    return;
                }
                long now = System.currentTimeMillis();
                if (now >= t.expiryMillis()) {
                    LOG.debug("call {}: session expired (interval {} s); sending BYE", s.id, t.interval());
                    outbound.endWithBye(s, r, EndReason.SESSION_EXPIRED, EXPIRED_REASON);
                } else if (t.localRefresher() && t.refreshCSeq() == 0 && now >= t.refreshDueMillis()) {
                    refreshOrWait(s, r, t);
                } else {
                    arm(s);
                }
            }
        } catch (Exception e) {
            LOG.warn("call {}: session timer failed: {}", s.id, e.toString());
        }
    }

    /**
     * Refreshes now, or later: at the time of its glare retry (RFC 3261 14.1, kept in the record's
     * offer/answer state), or a little later when an offer/answer of the call is in progress. A
     * re-INVITE refresh repeats our SDP: an offer, outstanding in the record until its answer.
     */
    private void refreshOrWait(CallSession s, CallRecord r, SessionTimer t) {
        OfferAnswer oa = r.offerAnswer();
        long now = System.currentTimeMillis();
        boolean ourRetry = oa.is(OfferAnswer.Phase.LOCAL_RETRY) && !oa.forApplication();
        if (ourRetry && now < oa.retryAtMillis()) {
            schedule(s, Math.min(oa.retryAtMillis(), t.expiryMillis()) - now);
            return;
        }
        boolean free = ourRetry ? r.state() == CallState.CONFIRMED && r.reoffer() == null
                : OfferAnswerRules.mayOffer(r, Request.INVITE);
        if (!free) {
            schedule(s, Math.min(RETRY_MILLIS, t.expiryMillis() - now));
            return;
        }
        long cseq = r.localCSeq() + 1;
        String method = t.peerAllowsUpdate() ? Request.UPDATE : Request.INVITE;
        // a bodiless UPDATE is no offer; a re-INVITE repeating our SDP is one (RFC 3264 8)
        OfferAnswer exchange = Request.INVITE.equals(method)
                ? OfferAnswer.localOffer(method, cseq, r.localSdp(), false, ourRetry ? oa.glares() : 0)
                : OfferAnswer.STABLE;
        CallRecord next = engine.commit(s, r.withLocalCSeq(cseq).withSessionTimer(t.withRefreshCSeq(cseq))
                .withOfferAnswer(exchange));
        engine.send(s, () -> sendRefresh(next, method, cseq));
        arm(s); // the expiry still counts while the refresh is on its way
    }

    private void sendRefresh(CallRecord r, String method, long cseq) throws Exception {
        Request req = engine.builder().inDialog(r, method, cseq);
        // a refresh repeats our SDP unchanged (RFC 4028 7.4); an UPDATE refresh carries none
        engine.builder().addContactAndSdp(req, r.dialog().transport(),
                Request.INVITE.equals(method) ? r.localSdp() : null);
        addToRequest(req, r.sessionTimer(), false);
        SipProvider p = engine.provider();
        if (p != null) {
            ClientTransaction ct = p.getNewClientTransaction(req);
            ct.setApplicationData(r.id());
            ct.sendRequest();
        }
    }

    /** Whether this response answers our refresh in flight (even without its transaction). */
    static boolean answersRefresh(CallRecord r, String method, long cseq) {
        SessionTimer t = r.sessionTimer();
        return t != null && t.refreshCSeq() == cseq && (Request.UPDATE.equals(method) || Request.INVITE.equals(method));
    }

    /**
     * Our refresh got no response at all (its transaction timed out): as a 408, the session is over
     * (RFC 3261 12.2.1.2). Call under the session lock.
     */
    void onRefreshTimeout(CallSession s, long cseq) {
        CallRecord r = s.record();
        SessionTimer t = r.sessionTimer();
        if (r.state().isLive() && t != null && cseq != 0 && t.refreshCSeq() == cseq) {
            outbound.endWithBye(s, r.withOfferAnswer(OfferAnswer.STABLE), EndReason.SESSION_EXPIRED, EXPIRED_REASON);
        }
    }

    /** The answer to our refresh; call under the session lock. */
    void onRefreshResponse(CallSession s, CallRecord r, Response resp) throws Exception {
        int code = resp.getStatusCode();
        if (code < 200) {
            return;
        }
        SessionTimer t = r.sessionTimer();
        OfferAnswer before = r.offerAnswer();
        // the refresh's exchange (a re-INVITE's offer) is over with any final response
        r = before.awaitsAnswerTo(t.refreshCSeq()) ? r.withOfferAnswer(OfferAnswer.STABLE) : r;
        if (code < 300) {
            Terms answer = SessionTimerNegotiation.terms(resp);
            CallRecord next = engine.commit(s, r.withSessionTimer(afterOur2xx(t, answer, System.currentTimeMillis())));
            outbound.ack2xxIfInvite(s, next, resp);
            arm(s);
        } else if (code == SessionTimerNegotiation.TOO_SMALL) {
            int min = SessionTimerNegotiation.terms(resp).minSe();
            int larger = Math.max(t.minSe(), min);
            SessionTimer retry = t.withMinSe(larger).withInterval(Math.max(t.interval(), larger)).withRefreshCSeq(0);
            engine.commit(s, r.withSessionTimer(retry));
            if (larger > t.minSe()) {
                refreshOrWait(s, s.record(), retry);
            } else {
                arm(s);
            }
        } else if (code == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || code == Response.REQUEST_TIMEOUT) {
            outbound.endWithBye(s, r, EndReason.SESSION_EXPIRED, EXPIRED_REASON); // RFC 3261 12.2.1.2
        } else if (code == Response.REQUEST_PENDING) { // glare: RFC 3261 14.1's time, kept in the record
            long due = System.currentTimeMillis() + OfferAnswerRules.glareDelayMillis(r);
            String method = ((CSeqHeader) resp.getHeader(CSeqHeader.NAME)).getMethod();
            int glares = before.awaitsAnswerTo(t.refreshCSeq()) ? before.glares() : 0;
            OfferAnswer retry = OfferAnswer.localOffer(method, 0, null, false, glares).retryAt(due);
            engine.commit(s, r.withSessionTimer(t.withRefreshCSeq(0)).withOfferAnswer(retry));
            s.cancelSessionTick();
            schedule(s, Math.min(due, t.expiryMillis()) - System.currentTimeMillis());
        } else {
            engine.commit(s, r.withSessionTimer(t.withRefreshCSeq(0)));
            s.cancelSessionTick();
            schedule(s, Math.min(RETRY_MILLIS, t.expiryMillis() - System.currentTimeMillis()));
        }
    }
}
