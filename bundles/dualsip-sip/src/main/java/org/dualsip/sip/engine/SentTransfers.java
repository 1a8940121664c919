package org.dualsip.sip.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.Transfer;

/**
 * We are the transferor (RFC 3515): the application's {@code transfer()} sends a REFER in a confirmed
 * call; its answer and the far end's NOTIFYs (answered 200) reach the application as TransferStatus
 * events with the sipfrag's status code. A NOTIFY for no subscription of ours gets 481.
 */
final class SentTransfers {

    private final CallEngine engine;
    private final InDialogRequests dialogs;

    SentTransfers(CallEngine engine, InDialogRequests dialogs) {
        this.engine = engine;
        this.dialogs = dialogs;
    }

    void transfer(CallSession s, String referTo) {
        String target = referTo == null ? "" : referTo.trim();
        if (target.indexOf('<') >= 0 || target.indexOf('>') >= 0) {
            throw CallEngine.badArgument("transfer target " + referTo + ": give the URI alone, without <>");
        }
        try {
            ReferTarget.parse(List.of("<" + target + ">")); // the same rules as for a Refer-To we receive
        } catch (ReferTarget.BadReferTo e) {
            throw CallEngine.badArgument("transfer target " + referTo + ": " + e.getMessage());
        }
        synchronized (s) {
            CallRecord r = s.record();
            Transfer t = r.transfer();
            boolean referUnanswered = t != null && t.role() == Transfer.Role.SENT && t.inProgress() && t.lastStatus() == 0;
            boolean receivedBusy = t != null && t.role() == Transfer.Role.RECEIVED && t.inProgress();
            if (r.state() != CallState.CONFIRMED || referUnanswered || receivedBusy) {
                throw CallEngine.wrongState(r, "transfer");
            }
            long cseq = r.localCSeq() + 1;
            CallRecord next = engine.commit(s, r.withLocalCSeq(cseq).withTransfer(Transfer.sent(t, cseq, target)));
            engine.send(s, () -> sendRefer(next, target, cseq));
        }
    }

    private void sendRefer(CallRecord r, String target, long cseq) throws Exception {
        Request refer = engine.builder().inDialog(r, Request.REFER, cseq);
        MessageBuilder b = engine.builder();
        refer.setHeader(b.contact(r.dialog().transport()));
        refer.setHeader(b.header("Refer-To", "<" + target + ">"));
        refer.setHeader(b.header("Referred-By", r.dialog().localUri()));
        SipProvider p = engine.provider();
        if (p != null) {
            ClientTransaction ct = p.getNewClientTransaction(refer);
            ct.setApplicationData(r.id());
            ct.sendRequest();
        }
    }

    /** The answer to our REFER (or 408 for none); call under the session lock. */
    void onReferResponse(CallSession s, CallRecord r, int code, long cseq, boolean noSubscription) {
        Transfer t = r.transfer();
        if (code < 200 || t == null || t.role() != Transfer.Role.SENT || t.referCSeq() != cseq || !t.inProgress()) {
            return;
        }
        if (t.lastStatus() != 0) {
            // a NOTIFY overtook this answer (RFC 3515 allows it, and JAIN-SIP's pool may reorder the two):
            // the subscription already follows the NOTIFYs; the application still hears of the acceptance
            if (code < 300) {
                engine.emit(s, new CallEvent.TransferStatus(r.toCall(), code, false));
            }
            return;
        }
        boolean finished = code >= 300 || noSubscription; // Refer-Sub: false: no NOTIFY will come (RFC 4488)
        CallRecord next = engine.commit(s, r.withTransfer(t.reported(code, finished)));
        engine.emit(s, new CallEvent.TransferStatus(next.toCall(), code, finished));
    }

    /** A NOTIFY in one of our dialogs: 200 and a TransferStatus when it reports on our REFER, else 481. */
    void onNotify(RequestEvent ev) throws Exception {
        Request req = ev.getRequest();
        InDialogRequests.InDialog in = dialogs.open(ev); // null: a retransmission, or answered 481
        if (in == null) {
            return;
        }
        ServerTransaction st = in.transaction();
        CallSession s = in.session();
        synchronized (s) {
            CallRecord r = s.record();
            long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Transfer t = r.transfer();
            if (t == null || t.role() != Transfer.Role.SENT || !t.inProgress() || !namesReferOf(req, t.referCSeq())) {
                engine.respond(st, engine.builder().response(req, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null));
                return;
            }
            int code = sipfragStatus(req.getRawContent());
            if (code == 0 || cseq <= r.remoteCSeq()) {
                engine.commit(s, r.withRemoteCSeq(Math.max(cseq, r.remoteCSeq())));
                engine.respond(st, engine.builder().response(req, code == 0 ? Response.BAD_REQUEST
                        : Response.SERVER_INTERNAL_ERROR, null));
                return;
            }
            String state = String.valueOf(MessageBuilder.headerValues(req, "Subscription-State").stream().findFirst()
                    .orElse("")).trim().toLowerCase(Locale.ROOT);
            boolean finished = state.startsWith("terminated") || code >= 200;
            CallRecord next = engine.commit(s, r.withRemoteCSeq(cseq).withTransfer(t.reported(code, finished)));
            engine.respond(st, engine.builder().response(req, Response.OK, null));
            engine.emit(s, new CallEvent.TransferStatus(next.toCall(), code, finished));
        }
    }

    /** Event: refer, with an id (when given) equal to our REFER's CSeq (RFC 3515 2.4.6). */
    private static boolean namesReferOf(Request req, long referCSeq) {
        List<String> events = MessageBuilder.headerValues(req, "Event");
        if (events.size() != 1) {
            return false;
        }
        String[] parts = events.get(0).trim().split(";");
        if (!"refer".equalsIgnoreCase(parts[0].trim())) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("id=")) {
                return p.substring(3).trim().equals(Long.toString(referCSeq));
            }
        }
        return true;
    }

    /** The status code of a message/sipfrag body's first line ("SIP/2.0 200 OK"), 0 when it is none. */
    static int sipfragStatus(byte[] body) {
        if (body == null) {
            return 0;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String line = text.split("\r?\n", 2)[0].trim();
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("SIP/2.0") || parts[1].length() != 3) {
            return 0;
        }
        try {
            int code = Integer.parseInt(parts[1]);
            return code >= 100 && code <= 699 ? code : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * After a takeover: our REFER's transaction died with the old active. Its answer may still come (by
     * Call-ID); if none has within 64*T1, the transfer is reported failed with 408.
     */
    void resume(CallSession s, CallRecord r) {
        Transfer t = r.transfer();
        if (t == null || t.role() != Transfer.Role.SENT || !t.inProgress() || t.lastStatus() != 0) {
            return;
        }
        long cseq = t.referCSeq();
        engine.timers().schedule(() -> {
            synchronized (s) {
                if (engine.serving()) {
                    onReferResponse(s, s.record(), Response.REQUEST_TIMEOUT, cseq, false);
                }
            }
        }, engine.settings().t1Millis() * 64, TimeUnit.MILLISECONDS);
    }
}
