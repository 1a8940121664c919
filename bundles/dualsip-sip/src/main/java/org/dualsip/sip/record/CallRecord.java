package org.dualsip.sip.record;

import java.time.Instant;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;

/**
 * One call as the engine knows it. Every change makes a new record with a higher version, saved
 * through {@link CallRecordStore} before the SIP message that makes the change visible is sent.
 * Another node holding only this record can continue the call: answer or retransmit the final
 * response of the INVITE ({@link #invite}), answer a pending re-INVITE/UPDATE ({@link #reoffer}),
 * send BYE/re-INVITE with the right tags, CSeq, route set and target ({@link #dialog}).
 *
 * @param id              our call id, stable for the life of the call
 * @param version         +1 on every change
 * @param direction       inbound or outbound
 * @param state           where the call is
 * @param application     the owning application's name, or null
 * @param createdAtMillis wall-clock creation time (epoch millis)
 * @param dialog          tags, URIs, target, route set, transport
 * @param localCSeq       the CSeq of the last request we sent in the dialog
 * @param remoteCSeq      the highest CSeq received from the far end in the dialog
 * @param sdpOffer        the initial SDP offer
 * @param sdpAnswer       the initial SDP answer
 * @param invite          the initial INVITE (inbound: its Vias while its final response is due or
 *                        being retransmitted; outbound: our INVITE, for CANCEL and ACK)
 * @param reoffer         a re-INVITE/UPDATE received and awaiting the application or its ACK, or null
 * @param hangUpPending   the application asked to hang up but the request doing it must wait: the
 *                        BYE for the ACK of our 2xx (RFC 3261 15), the CANCEL of our INVITE for a
 *                        provisional response (RFC 3261 9.1); whoever sees that event sends it
 * @param offerLocal      whose SDP {@code sdpOffer} is: true when we sent the offer (outbound early
 *                        offer, inbound late offer, our re-offer), false when the far end did; so
 *                        {@link #localSdp()} is the SDP a session refresh repeats
 * @param sessionTimer    the RFC 4028 session timer, or null when the call has none
 * @param prack           the RFC 3262 reliable-provisional state, or null when neither side uses 100rel
 * @param endCode         the SIP code involved in the end of the call, 0 while live
 * @param endReason       the name of the {@link org.dualsip.api.call.EndReason}; null while live, except while
 *                        TERMINATING by the engine's own BYE ({@link #endingWithBye}): the application was
 *                        told the call ended with this reason when that BYE was committed
 * @param offerAnswer     the call's offer/answer state machine (whose offer is outstanding, a glare
 *                        retry due); never null ({@link OfferAnswer#INITIAL} when not given)
 * @param transfer        REFER/NOTIFY (RFC 3515) and Replaces (RFC 3891) state, or null when the call has none
 * @param byeReason       the Reason header (RFC 3326) of the BYE the engine sends on its own decision (session
 *                        expired, failed offer/answer, no ACK, replaced), kept while the call is TERMINATING
 *                        so that a new active sends the same BYE; null for an application's hang-up
 */
public record CallRecord(String id, long version, Direction direction, CallState state, String application,
                         long createdAtMillis, DialogState dialog, long localCSeq, long remoteCSeq,
                         String sdpOffer, String sdpAnswer, PendingTransaction invite,
                         PendingTransaction reoffer, boolean hangUpPending, boolean offerLocal,
                         SessionTimer sessionTimer, ReliableProvisionals prack, int endCode, String endReason,
                         OfferAnswer offerAnswer, Transfer transfer, String byeReason) {

    public CallRecord {
        offerAnswer = offerAnswer == null ? OfferAnswer.INITIAL : offerAnswer;
    }

    /** A record whose INVITE offer/answer is in progress ({@link OfferAnswer#INITIAL}). */
    public CallRecord(String id, long version, Direction direction, CallState state, String application,
                      long createdAtMillis, DialogState dialog, long localCSeq, long remoteCSeq,
                      String sdpOffer, String sdpAnswer, PendingTransaction invite,
                      PendingTransaction reoffer, boolean hangUpPending, boolean offerLocal,
                      SessionTimer sessionTimer, ReliableProvisionals prack, int endCode, String endReason) {
        this(id, version, direction, state, application, createdAtMillis, dialog, localCSeq, remoteCSeq, sdpOffer,
                sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode, endReason,
                OfferAnswer.INITIAL, null, null);
    }

    /** A record without a BYE of the engine's own pending (format 5 before the BYE's reason was kept). */
    public CallRecord(String id, long version, Direction direction, CallState state, String application,
                      long createdAtMillis, DialogState dialog, long localCSeq, long remoteCSeq,
                      String sdpOffer, String sdpAnswer, PendingTransaction invite,
                      PendingTransaction reoffer, boolean hangUpPending, boolean offerLocal,
                      SessionTimer sessionTimer, ReliableProvisionals prack, int endCode, String endReason,
                      OfferAnswer offerAnswer, Transfer transfer) {
        this(id, version, direction, state, application, createdAtMillis, dialog, localCSeq, remoteCSeq, sdpOffer,
                sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode, endReason,
                offerAnswer, transfer, null);
    }

    public CallRecord withVersion(long v) {
        return new CallRecord(id, v, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withState(CallState s) {
        return new CallRecord(id, version, direction, s, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withApplication(String app) {
        return new CallRecord(id, version, direction, state, app, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withDialog(DialogState d) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, d, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withLocalCSeq(long cseq) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, cseq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withRemoteCSeq(long cseq) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                cseq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withSdp(String offer, String answer) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, offer, answer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withInvite(PendingTransaction t) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, t, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withReoffer(PendingTransaction t) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, t, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withHangUpPending(boolean pending) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, pending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    /** The completed (or pending) offer/answer: {@code offer} sent by us when {@code local}. */
    public CallRecord withSdp(String offer, String answer, boolean local) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, offer, answer, invite, reoffer, hangUpPending, local, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withSessionTimer(SessionTimer t) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, t, prack, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withPrack(ReliableProvisionals p) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, p, endCode,
                endReason, offerAnswer, transfer, byeReason);
    }

    public CallRecord withOfferAnswer(OfferAnswer o) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, o, transfer, byeReason);
    }

    public CallRecord withTransfer(Transfer t) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, t, byeReason);
    }

    public CallRecord withByeReason(String reason) {
        return new CallRecord(id, version, direction, state, application, createdAtMillis, dialog, localCSeq,
                remoteCSeq, sdpOffer, sdpAnswer, invite, reoffer, hangUpPending, offerLocal, sessionTimer, prack, endCode,
                endReason, offerAnswer, transfer, reason);
    }

    /** The SDP we sent last in the completed exchange (our offer or our answer), or null. */
    public String localSdp() {
        return offerLocal ? sdpOffer : sdpAnswer;
    }

    /** The far end's SDP of the completed exchange, or null. */
    public String remoteSdp() {
        return offerLocal ? sdpAnswer : sdpOffer;
    }

    /** The record of a finished call: state ENDED with why and the SIP code involved. */
    public CallRecord ended(String reason, int code) {
        return new CallRecord(id, version, direction, CallState.ENDED, application, createdAtMillis, dialog,
                localCSeq, remoteCSeq, sdpOffer, sdpAnswer, invite, null, false, offerLocal, sessionTimer, prack, code, reason,
                offerAnswer, transfer, byeReason);
    }

    /**
     * The record of a call the engine ends on its own (session expired, failed offer/answer, no ACK,
     * replaced): TERMINATING until its BYE, carrying {@code byeReasonHeader}, is answered or times out,
     * with the end already decided (and told to the application) as {@code reason}. No far-end request
     * stays pending for the application, no offer of ours outstanding, no hang-up pending.
     */
    public CallRecord endingWithBye(String reason, String byeReasonHeader) {
        return new CallRecord(id, version, direction, CallState.TERMINATING, application, createdAtMillis, dialog,
                localCSeq, remoteCSeq, sdpOffer, sdpAnswer, invite, null, false, offerLocal, sessionTimer, prack, 0,
                reason, OfferAnswer.STABLE, transfer, byeReasonHeader);
    }

    /**
     * Whether the call's end is decided and the application told: ENDED, or TERMINATING by a BYE of the
     * engine's own ({@link #endingWithBye}). Not so for an application's hang-up, told when its BYE is answered.
     */
    public boolean endDecided() {
        return endReason != null;
    }

    /** The application's view of this record. */
    public Call toCall() {
        String from = direction == Direction.INBOUND ? dialog.remoteUri() : dialog.localUri();
        String to = direction == Direction.INBOUND ? dialog.localUri() : dialog.remoteUri();
        return new Call(id, direction, from, to, dialog.requestUri(), state, sdpOffer, sdpAnswer, application,
                Instant.ofEpochMilli(createdAtMillis));
    }
}
