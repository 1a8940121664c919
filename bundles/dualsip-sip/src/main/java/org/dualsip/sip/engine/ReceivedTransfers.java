package org.dualsip.sip.engine;

import gov.nist.javax.sip.message.SIPResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.PendingTransaction;
import org.dualsip.sip.record.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * We are the transferee (RFC 3515): a REFER in a confirmed call goes to the application, which accepts
 * (202, NOTIFY "100 Trying") or refuses it; it then reports the new call's progress, each report a NOTIFY
 * with a message/sipfrag body, the final one ending the subscription. One REFER at a time per call: a
 * second while one is in progress gets 500 with Retry-After. Every step is committed to the record first,
 * so a new active answers a REFER still undecided and sends a NOTIFY still unanswered again.
 */
final class ReceivedTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivedTransfers.class);

    /** How long the subscription is said to last (Subscription-State expires); our final NOTIFY ends it. */
    static final int SUBSCRIPTION_SECONDS = 180;
    /** Retry-After (seconds) on a REFER refused because another is in progress. */
    static final int RETRY_AFTER_SECONDS = 2;

    /** The REFER's JAIN-SIP objects and the decision timer, while the application decides. */
    private record Undecided(ServerTransaction transaction, Request request, ScheduledFuture<?> deadline) { }

    private final CallEngine engine;
    private final InDialogRequests dialogs;
    private final Map<String, Undecided> undecided = new ConcurrentHashMap<>();

    ReceivedTransfers(CallEngine engine, InDialogRequests dialogs) {
        this.engine = engine;
        this.dialogs = dialogs;
    }

    // ---- the REFER ---------------------------------------------------------------------------------

    void onRefer(RequestEvent ev) throws Exception {
        Request req = ev.getRequest();
        InDialogRequests.InDialog in = dialogs.open(ev); // null: a retransmission, or answered 481
        if (in == null) {
            return;
        }
        ServerTransaction st = in.transaction();
        CallSession s = in.session();
        synchronized (s) {
            onReferLocked(s, st, req);
        }
    }

    private void onReferLocked(CallSession s, ServerTransaction st, Request req) throws Exception {
        CallRecord r = s.record();
        long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
        Transfer t = r.transfer();
        if (t != null && t.role() == Transfer.Role.RECEIVED && t.referCSeq() == cseq) {
            repeat(s, r, t, st, req); // a copy no transaction absorbed (taken over, or after its end)
            return;
        }
        if (cseq <= r.remoteCSeq()) { // out of order (RFC 3261 12.2.2)
            engine.respond(st, engine.builder().response(req, Response.SERVER_INTERNAL_ERROR, null));
            return;
        }
        CallRecord seen = r.withRemoteCSeq(cseq);
        if (r.state() != CallState.CONFIRMED) {
            engine.commit(s, seen);
            engine.respond(st, reasoned(req, Response.FORBIDDEN, "Transfer needs a confirmed call"));
            return;
        }
        if (t != null && t.inProgress()) {
            engine.commit(s, seen);
            Response busy = reasoned(req, Response.SERVER_INTERNAL_ERROR, "Another transfer in progress");
            busy.setHeader(engine.builder().header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
            engine.respond(st, busy);
            return;
        }
        ReferTarget target;
        try {
            target = ReferTarget.parse(MessageBuilder.headerValues(req, "Refer-To"));
        } catch (ReferTarget.BadReferTo e) {
            engine.commit(s, seen);
            engine.respond(st, reasoned(req, Response.BAD_REQUEST, "Bad Refer-To: " + e.getMessage()));
            return;
        }
        String referredBy = first(req, "Referred-By");
        boolean subscription = !"false".equalsIgnoreCase(trimmed(first(req, "Refer-Sub")));
        long deadline = System.currentTimeMillis() + decisionMillis();
        Transfer received = Transfer.received(t, cseq, MessageBuilder.viaValues(req), target.uri(), referredBy,
                target.replaces(), subscription, deadline);
        CallRecord next = engine.commit(s, seen.withTransfer(received));
        undecided.put(s.id, new Undecided(st, req, armDeadline(s, cseq, deadline)));
        engine.emit(s, new CallEvent.TransferRequested(next.toCall(), target.uri(), referredBy, target.replaces()));
    }

    /** The application's bound to decide: 64*T1 (32 s by default), as a transaction's own lifetime. */
    private long decisionMillis() {
        return engine.settings().t1Millis() * 64;
    }

    private ScheduledFuture<?> armDeadline(CallSession s, long cseq, long deadlineMillis) {
        long delay = Math.max(0, deadlineMillis - System.currentTimeMillis());
        return engine.timers().schedule(() -> undecidedTooLong(s, cseq), delay, TimeUnit.MILLISECONDS);
    }

    private void undecidedTooLong(CallSession s, long cseq) {
        synchronized (s) {
            Transfer t = s.record().transfer();
            if (!engine.serving() || t == null || t.stage() != Transfer.Stage.PENDING || t.referCSeq() != cseq) {
                return;
            }
            LOG.debug("call {}: no decision on the REFER in time: 603", s.id);
            refuseLocked(s, Response.DECLINE);
        }
    }

    /** A copy of the REFER: absorbed while undecided, else the same answer again. */
    private void repeat(CallSession s, CallRecord r, Transfer t, ServerTransaction st, Request req) throws Exception {
        if (t.stage() == Transfer.Stage.PENDING) {
            Undecided u = undecided.get(s.id);
            if (st != null) {
                undecided.put(s.id, new Undecided(st, req, u == null ? null : u.deadline()));
            }
            return;
        }
        int code = t.stage() == Transfer.Stage.REFUSED ? t.lastStatus() : Response.ACCEPTED;
        engine.respond(st, referResponse(s, r, t, code));
    }

    // ---- the application's decision ---------------------------------------------------------------

    void accept(CallSession s) {
        synchronized (s) {
            CallRecord r = s.record();
            Transfer t = requirePending(r, "acceptTransfer");
            long cseq = t.subscription() ? r.localCSeq() + 1 : 0;
            Transfer active = t.withStage(Transfer.Stage.ACTIVE);
            CallRecord next = engine.commit(s, (t.subscription() ? r.withLocalCSeq(cseq) : r)
                    .withTransfer(t.subscription() ? active.withStatus(Response.TRYING, cseq) : active));
            Response accepted = referResponse(s, r, t, Response.ACCEPTED);
            ServerTransaction st = decided(s);
            engine.send(s, () -> engine.respond(st, accepted));
            if (t.subscription()) {
                sendNotify(s, next, Response.TRYING, cseq);
            }
        }
    }

    void refuse(CallSession s, int code) {
        if (code < 300 || code > 699) {
            throw CallEngine.badArgument("refuseTransfer needs a final code 300-699, not " + code);
        }
        synchronized (s) {
            requirePending(s.record(), "refuseTransfer");
            refuseLocked(s, code);
        }
    }

    private void refuseLocked(CallSession s, int code) {
        CallRecord r = s.record();
        Transfer t = r.transfer();
        engine.commit(s, r.withTransfer(t.refused(code)));
        Response refusal = referResponse(s, r, t, code);
        ServerTransaction st = decided(s);
        engine.send(s, () -> engine.respond(st, refusal));
    }

    void progress(CallSession s, int code) {
        if (code <= 100 || code > 699) {
            throw CallEngine.badArgument("transferProgress needs a status code 101-699, not " + code);
        }
        synchronized (s) {
            CallRecord r = s.record();
            Transfer t = r.transfer();
            if (t == null || t.role() != Transfer.Role.RECEIVED || t.stage() != Transfer.Stage.ACTIVE
                    || !r.state().isLive()) {
                throw CallEngine.wrongState(r, "transferProgress (no accepted transfer in progress)");
            }
            if (!t.subscription()) { // Refer-Sub: false: the far end asked for no NOTIFY
                engine.commit(s, r.withTransfer(t.withStatus(code, 0)));
                return;
            }
            long cseq = r.localCSeq() + 1;
            CallRecord next = engine.commit(s, r.withLocalCSeq(cseq).withTransfer(t.withStatus(code, cseq)));
            sendNotify(s, next, code, cseq);
        }
    }

    private static Transfer requirePending(CallRecord r, String command) {
        Transfer t = r.transfer();
        if (t == null || t.role() != Transfer.Role.RECEIVED || t.stage() != Transfer.Stage.PENDING
                || !r.state().isLive()) {
            throw CallEngine.wrongState(r, command + " (no transfer request pending)");
        }
        return t;
    }

    /** The REFER's server transaction (null: answer statelessly), forgetting it and its deadline. */
    private ServerTransaction decided(CallSession s) {
        Undecided u = undecided.remove(s.id);
        if (u == null) {
            return null;
        }
        if (u.deadline() != null) {
            u.deadline().cancel(false);
        }
        return u.transaction();
    }

    private Response referResponse(CallSession s, CallRecord r, Transfer t, int code) {
        try {
            Undecided u = undecided.get(s.id);
            Response resp = u != null && u.request() != null ? engine.builder().response(u.request(), code, null)
                    : engine.builder().response(r, new PendingTransaction(Request.REFER, t.referCSeq(), t.vias(),
                            null, null), code);
            if (code == Response.ACCEPTED && !t.subscription()) {
                resp.setHeader(engine.builder().header("Refer-Sub", "false")); // RFC 4488 4
            }
            return resp;
        } catch (Exception e) {
            throw CallEngine.badArgument("cannot build response " + code + " to the REFER: " + e.getMessage());
        }
    }

    private Response reasoned(Request req, int code, String phrase) throws Exception {
        Response resp = engine.builder().response(req, code, null);
        resp.setReasonPhrase(phrase);
        return resp;
    }

    // ---- NOTIFY ------------------------------------------------------------------------------------

    /** Sends the NOTIFY reporting {@code code} (committed before); call under the session lock. */
    private void sendNotify(CallSession s, CallRecord r, int code, long cseq) {
        engine.send(s, () -> {
            Request notify = notifyRequest(r, code, cseq);
            SipProvider p = engine.provider();
            if (p != null) {
                ClientTransaction ct = p.getNewClientTransaction(notify);
                ct.setApplicationData(r.id());
                ct.sendRequest();
            }
        });
    }

    private Request notifyRequest(CallRecord r, int code, long cseq) throws Exception {
        Transfer t = r.transfer();
        Request notify = engine.builder().inDialog(r, Request.NOTIFY, cseq);
        MessageBuilder b = engine.builder();
        notify.setHeader(b.contact(r.dialog().transport()));
        notify.setHeader(b.header("Event", "refer;id=" + t.referCSeq()));
        notify.setHeader(b.header("Subscription-State", code >= 200 ? "terminated;reason=noresource"
                : "active;expires=" + SUBSCRIPTION_SECONDS));
        ContentTypeHeader type = (ContentTypeHeader) b.header(ContentTypeHeader.NAME, "message/sipfrag;version=2.0");
        notify.setContent(sipfrag(code), type);
        return notify;
    }

    static String sipfrag(int code) {
        return "SIP/2.0 " + code + " " + SIPResponse.getReasonPhrase(code) + "\r\n";
    }

    /** The answer to one of our NOTIFYs; call under the session lock. */
    void onNotifyResponse(CallSession s, CallRecord r, int code, long cseq) {
        Transfer t = r.transfer();
        if (code < 200 || t == null || t.role() != Transfer.Role.RECEIVED) {
            return;
        }
        if (code < 300) {
            if (t.notifyCSeq() == cseq) {
                engine.commitUnseen(s, r.withTransfer(t.notifyAnswered()));
            }
        } else {
            notifyFailed(s, r, code);
        }
    }

    /** 481, 408, a transaction timeout or any refusal: the subscription ends quietly (RFC 6665 4.1.3). */
    void notifyFailed(CallSession s, CallRecord r, int code) {
        Transfer t = r.transfer();
        if (t != null && t.role() == Transfer.Role.RECEIVED && (t.inProgress() || t.notifyCSeq() != 0)) {
            LOG.debug("call {}: NOTIFY answered {}: the transfer subscription ends", s.id, code);
            engine.commitUnseen(s, r.withTransfer(t.ended()));
        }
    }

    // ---- takeover ----------------------------------------------------------------------------------

    /** From the record alone: ask the application again, or send the last NOTIFY again; under the lock. */
    void resume(CallSession s, CallRecord r) {
        Transfer t = r.transfer();
        undecided.remove(s.id);
        if (t == null || t.role() != Transfer.Role.RECEIVED || !r.state().isLive()) {
            return;
        }
        if (t.stage() == Transfer.Stage.PENDING) {
            undecided.put(s.id, new Undecided(null, null, armDeadline(s, t.referCSeq(), t.deadlineMillis())));
            engine.emit(s, new CallEvent.TransferRequested(r.toCall(), t.referTo(), t.referredBy(), t.replaces()));
        } else if (t.subscription() && t.notifyCSeq() != 0) {
            long cseq = r.localCSeq() + 1; // above whatever the old active sent (CSeq margin)
            CallRecord next = engine.commit(s, r.withLocalCSeq(cseq).withTransfer(t.withStatus(t.lastStatus(), cseq)));
            sendNotify(s, next, t.lastStatus(), cseq);
        }
    }

    /** The node stops serving: decision timers are the new active's now. */
    void silence() {
        for (Undecided u : undecided.values()) {
            if (u.deadline() != null) {
                u.deadline().cancel(false);
            }
        }
        undecided.clear();
    }

    private static String first(Request req, String name) {
        var values = MessageBuilder.headerValues(req, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }
}
