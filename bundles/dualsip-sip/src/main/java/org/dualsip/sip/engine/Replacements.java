package org.dualsip.sip.engine;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.api.call.EndReason;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.Transfer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3891 Replaces on an incoming INVITE: which call of ours it names (or the response refusing it),
 * and, once the new call is confirmed, the end of the replaced one. The link lives in the new call's
 * record ({@link Transfer#replacedCallId()}), so a new active ends a replaced call the old one had not.
 */
final class Replacements {

    private static final Logger LOG = LoggerFactory.getLogger(Replacements.class);

    /** The Reason of the BYE that ends a replaced call. */
    static final String REPLACED_REASON = "SIP;cause=200;text=\"call replaced\"";

    /** What a Replaces header leads to: the replaced call's id, or the code refusing the INVITE. */
    record Outcome(String replacedCallId, String application, int refusal, String problem) {
        static Outcome refused(int code, String problem) {
            return new Outcome(null, null, code, problem);
        }
    }

    private final CallEngine engine;

    Replacements(CallEngine engine) {
        this.engine = engine;
    }

    /** Null when the INVITE has no Replaces header. */
    Outcome match(Request invite) {
        ReplacesHeader h;
        try {
            h = ReplacesHeader.of(MessageBuilder.headerValues(invite, "Replaces"));
        } catch (ReplacesHeader.Malformed e) {
            return Outcome.refused(Response.BAD_REQUEST, e.getMessage());
        }
        if (h == null) {
            return null;
        }
        CallSession s = engine.sessionBySipCallId(h.sipCallId()).orElse(null);
        CallRecord r = s == null ? null : s.record();
        if (r == null || !h.toTag().equals(r.dialog().localTag()) || !h.fromTag().equals(r.dialog().remoteTag())) {
            return Outcome.refused(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "no dialog for Replaces");
        }
        return outcome(r, h);
    }

    /**
     * Answers an INVITE whose Replaces is refused (the code, with the problem in the reason phrase); false
     * when there is nothing to refuse (no Replaces, or one that names a call we replace).
     */
    boolean refused(Outcome outcome, javax.sip.ServerTransaction st, Request invite) throws Exception {
        if (outcome == null || outcome.refusal() == 0) {
            return false;
        }
        Response refusal = engine.builder().response(invite, outcome.refusal(), MessageBuilder.newTag());
        refusal.setReasonPhrase(refusal.getReasonPhrase() + " (" + outcome.problem() + ")");
        engine.respond(st, refusal);
        return true;
    }

    /** A replacing call goes to the application of the call it replaces (it knows that call), if registered. */
    java.util.Optional<ApplicationRegistry.Entry> owner(Outcome outcome) {
        if (outcome == null || outcome.application() == null) {
            return java.util.Optional.empty();
        }
        return engine.applications().all().stream().filter(e -> e.name().equals(outcome.application())).findFirst();
    }

    /** The new call's first record, linked to the call it replaces when it replaces one. */
    static CallRecord linked(CallRecord first, Outcome outcome) {
        return outcome == null ? first : first.withTransfer(Transfer.replacing(outcome.replacedCallId()));
    }

    /** RFC 3891 3, in its order: terminated 603; confirmed with early-only 486; early not ours 481. */
    private static Outcome outcome(CallRecord r, ReplacesHeader h) {
        CallState st = r.state();
        if (st == CallState.ENDED || st == CallState.TERMINATING) {
            return Outcome.refused(Response.DECLINE, "replaced dialog already terminated");
        }
        boolean early = st == CallState.OFFERED || st == CallState.RINGING;
        if (!early && h.earlyOnly()) {
            return Outcome.refused(Response.BUSY_HERE, "early-only and the dialog is confirmed");
        }
        if (early && r.direction() == Direction.INBOUND) {
            return Outcome.refused(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "early dialog not initiated here");
        }
        return new Outcome(r.id(), r.application(), 0, null);
    }

    /**
     * The replacing call is confirmed: end the replaced one (BYE when confirmed, CANCEL when our INVITE
     * is still unanswered). Off the replacing call's lock: two sessions are never locked together.
     */
    void replacingConfirmed(CallRecord replacing) {
        Transfer t = replacing.transfer();
        if (t == null || t.replacedCallId() == null) {
            return;
        }
        String replacedId = t.replacedCallId();
        engine.timers().execute(() -> endReplaced(replacing.id(), replacedId));
    }

    private void endReplaced(String replacingId, String replacedId) {
        CallSession s = engine.session(replacedId);
        if (s == null || !engine.serving()) {
            return;
        }
        try {
            synchronized (s) {
                CallRecord r = s.record();
                switch (r.state()) {
                    case CONFIRMED -> engine.outbound().endWithBye(s, r, EndReason.REPLACED, REPLACED_REASON);
                    case OFFERED, RINGING -> {
                        if (r.direction() == Direction.OUTBOUND) {
                            engine.outbound().cancel(s);
                        }
                    }
                    case ANSWERED_WAITING_ACK -> engine.hangUp(replacedId); // BYE once its ACK comes
                    default -> { } // already ending or ended
                }
            }
            LOG.debug("call {} replaced by {}", replacedId, replacingId);
        } catch (RuntimeException e) {
            LOG.warn("call {}: ending it for its replacement {} failed: {}", replacedId, replacingId, e.toString());
        }
    }

    /** After a takeover: a confirmed replacing call whose replaced call still lives ends it now. */
    void resume(CallRecord r) {
        if (r.state() == CallState.CONFIRMED) {
            replacingConfirmed(r);
        }
    }
}
