package org.dualsip.sip.engine;

import java.util.concurrent.ThreadLocalRandom;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.OfferAnswer;
import org.dualsip.sip.record.OfferAnswer.Phase;
import org.dualsip.sip.record.PendingTransaction;

/**
 * The rules of the call's one offer/answer state machine ({@link OfferAnswer}, kept in the record):
 * whether a far end's re-INVITE/UPDATE is taken, met by glare (491) or asked to come back later
 * (500 with Retry-After), whether we may send an offer now, and RFC 3261 14.1's glare back-off. Only
 * the record is read, so a new active decides exactly as the old one would have.
 */
final class OfferAnswerRules {

    /** What a far end's re-INVITE or UPDATE gets. */
    enum Verdict {
        /** Taken: passed to the application (or answered as a session refresh). */
        TAKE,
        /** 491: an offer of ours is outstanding (RFC 3261 14.2, RFC 3311 5.2). */
        GLARE,
        /**
         * 500 with Retry-After: a request or offer of the far end's own still awaits our answer
         * (RFC 3261 14.2: "second INVITE before the final response to the first"; RFC 3311 5.2).
         */
        PENDING
    }

    private OfferAnswerRules() {
    }

    /**
     * Whether the INVITE's own offer/answer is complete: the machine has left INITIAL (a reliable 1xx
     * carried the answer, or a later exchange took place), or the call's state says so.
     */
    static boolean initialComplete(CallRecord r) {
        if (!r.offerAnswer().is(Phase.INITIAL)) {
            return true;
        }
        return switch (r.state()) {
            case CONFIRMED, TERMINATING, ENDED -> true;
            // our 2xx answered the INVITE's offer; a late offer's answer is still to come in the ACK
            case ANSWERED_WAITING_ACK -> r.direction() == Direction.INBOUND && r.invite() != null
                    && r.invite().sdp() != null;
            default -> false;
        };
    }

    /** Whether an offer of ours awaits its answer: a re-offer, or the INVITE's own offer. */
    static boolean localOfferOutstanding(CallRecord r) {
        if (r.offerAnswer().is(Phase.LOCAL_OFFER)) {
            return true;
        }
        if (initialComplete(r)) {
            return false;
        }
        boolean ourInvite = r.direction() == Direction.OUTBOUND && r.offerLocal(); // answer not yet received
        boolean ourOfferIn2xx = r.direction() == Direction.INBOUND && r.offerLocal()
                && r.state() == CallState.ANSWERED_WAITING_ACK; // late offer: the answer comes in the ACK
        return ourInvite || ourOfferIn2xx;
    }

    /**
     * What a far end's re-INVITE or UPDATE (with an offer when {@code offers}; a re-INVITE always
     * starts an exchange) gets, given the record before it.
     */
    static Verdict onRemoteRequest(CallRecord r, String method, boolean offers) {
        boolean invite = Request.INVITE.equals(method);
        boolean exchange = invite || offers;
        if (exchange && localOfferOutstanding(r)) {
            return Verdict.GLARE;
        }
        if (invite && r.state() != CallState.CONFIRMED) {
            // a re-INVITE needs a confirmed dialog; while our INVITE is in progress that is glare
            boolean ourInviteInProgress = r.direction() == Direction.OUTBOUND
                    && (r.state() == CallState.OFFERED || r.state() == CallState.RINGING);
            return ourInviteInProgress ? Verdict.GLARE : Verdict.PENDING;
        }
        if (r.reoffer() != null || r.state() == CallState.TERMINATING) {
            return Verdict.PENDING; // one transaction of theirs at a time (its answer, or its ACK)
        }
        if (exchange && !initialComplete(r)) {
            return Verdict.PENDING; // their INVITE's offer still awaits our answer (or the late offer ours)
        }
        return Verdict.TAKE;
    }

    /**
     * Whether we may send an offer in a request of this method now: nothing outstanding either way, no
     * glare retry waiting, no far-end request of ours to answer; a re-INVITE only in a confirmed dialog,
     * an UPDATE also in an early one once the INVITE's offer/answer is complete (RFC 3311 5.1).
     */
    static boolean mayOffer(CallRecord r, String method) {
        OfferAnswer oa = r.offerAnswer();
        if (oa.is(Phase.LOCAL_OFFER) || oa.is(Phase.REMOTE_OFFER) || oa.is(Phase.LOCAL_RETRY)
                || r.reoffer() != null) {
            return false;
        }
        if (r.state() == CallState.CONFIRMED) {
            return true;
        }
        boolean early = r.state() == CallState.OFFERED || r.state() == CallState.RINGING;
        return Request.UPDATE.equals(method) && early && initialComplete(r) && r.dialog().remoteTag() != null;
    }

    /**
     * The offer/answer state once our final response to the far end's request went: STABLE when that
     * request was the exchange in progress (an offerless re-INVITE's 2xx carries our offer, whose answer
     * comes in the ACK; the pending {@code reoffer} keeps other offers out until then); unchanged for a
     * bodiless UPDATE, which was no offer.
     */
    static OfferAnswer exchangeOver(CallRecord r, PendingTransaction tx) {
        OfferAnswer oa = r.offerAnswer();
        return oa.is(OfferAnswer.Phase.REMOTE_OFFER) && oa.cseq() == tx.cseq() ? OfferAnswer.STABLE : oa;
    }

    /**
     * RFC 3261 14.1: after a 491, the time before the request goes again, in 10 ms units: 2.1 to 4 s
     * when we own the Call-ID (we sent the initial INVITE: an outbound call), 0 to 2 s otherwise.
     */
    static long glareDelayMillis(CallRecord r) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return r.direction() == Direction.OUTBOUND ? 2100 + 10L * random.nextInt(0, 191) : 10L * random.nextInt(0, 201);
    }

    /** The refusal a verdict other than TAKE sends: 491, or 500 with a Retry-After of 0-10 s. */
    static Response refusal(MessageBuilder builder, Request req, Verdict v) throws Exception {
        if (v == Verdict.GLARE) {
            return builder.response(req, Response.REQUEST_PENDING, null);
        }
        Response resp = builder.response(req, Response.SERVER_INTERNAL_ERROR, null);
        resp.setHeader(builder.header("Retry-After", Integer.toString(ThreadLocalRandom.current().nextInt(0, 11))));
        return resp;
    }
}
