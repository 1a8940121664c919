package org.dualsip.sip.engine;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.sip.record.CallRecord;

/**
 * Call transfer: REFER and its NOTIFYs in both roles (RFC 3515, {@link ReceivedTransfers} and
 * {@link SentTransfers}) and Replaces on incoming INVITEs (RFC 3891, {@link Replacements}). Routes the
 * answers to the requests of ours they concern and resumes all three from the record after a takeover.
 */
final class Transfers {

    final ReceivedTransfers received;
    final SentTransfers sent;
    final Replacements replacements;
    final TransferCalls calls;

    Transfers(CallEngine engine, InDialogRequests dialogs) {
        this.received = new ReceivedTransfers(engine, dialogs);
        this.sent = new SentTransfers(engine, dialogs);
        this.replacements = new Replacements(engine);
        this.calls = new TransferCalls(engine, received);
    }

    /** Whether a response or timeout of this method is ours to handle. */
    static boolean handles(String method) {
        return Request.REFER.equals(method) || Request.NOTIFY.equals(method);
    }

    /** A response to our REFER or NOTIFY; call under the session lock. */
    void onResponse(CallSession s, CallRecord r, Response resp, String method, long cseq) {
        int code = resp.getStatusCode();
        if (Request.NOTIFY.equals(method)) {
            received.onNotifyResponse(s, r, code, cseq);
        } else {
            boolean noSubscription = MessageBuilder.headerValues(resp, "Refer-Sub").stream()
                    .anyMatch(v -> "false".equalsIgnoreCase(v.trim()));
            sent.onReferResponse(s, r, code, cseq, noSubscription);
        }
    }

    /** Our REFER or NOTIFY got no answer at all; call under the session lock. */
    void onTimeout(CallSession s, CallRecord r, String method, long cseq) {
        if (Request.NOTIFY.equals(method)) {
            received.notifyFailed(s, r, Response.REQUEST_TIMEOUT);
        } else {
            sent.onReferResponse(s, r, Response.REQUEST_TIMEOUT, cseq, false);
        }
    }

    /** After a takeover, from the record; call under the session lock. */
    void resume(CallSession s, CallRecord r) {
        received.resume(s, r);
        sent.resume(s, r);
        replacements.resume(r);
        calls.resume(r);
    }

    void silence() {
        received.silence();
    }
}
