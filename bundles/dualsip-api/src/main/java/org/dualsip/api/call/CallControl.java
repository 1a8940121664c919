package org.dualsip.api.call;

import java.util.List;
import java.util.Optional;

/**
 * The commands an application gives, provided as an OSGi service by the call engine. Every method
 * returns at once (no network wait); results arrive as {@link CallEvent}s. Every method throws
 * {@link CallControlException} when the command does not apply (unknown call, wrong state, bad
 * argument); the call is then left as it was.
 */
public interface CallControl {

    /** Sends a provisional response (180 or 183, optionally with early-media SDP) to an inbound call. */
    void ring(String callId, int code, String sdp);

    /**
     * Answers an inbound call with 200 and the given SDP answer.
     *
     * <p>Late offer (since 1.2): when the INVITE carried no SDP ({@link Call#sdpOffer()} null in the
     * {@link CallEvent.Offered} event), the SDP given here is the service's <em>offer</em>, sent in the
     * 200; the far end's answer arrives in its ACK and is in the {@link CallEvent.Confirmed} event's
     * call ({@link Call#sdpOffer()} is then the application's offer, {@link Call#sdpAnswer()} the far
     * end's answer). An ACK without an answer ends the call with BYE
     * ({@link EndReason#SDP_NEGOTIATION_FAILED}). The SDP must not be null for such a call.
     *
     * <p>For an outbound late-offer call (placed with a null offer) whose 2xx carried the far end's
     * offer ({@link CallEvent.Answered}, state {@link CallState#ANSWERED_WAITING_ACK}), the SDP given
     * here is the answer, sent in the ACK; {@link CallEvent.Confirmed} follows.
     */
    void answer(String callId, String sdpAnswer);

    /** Rejects an inbound call that is not yet answered with a final code (300-699). */
    void reject(String callId, int code, String reasonPhrase);

    /**
     * Ends a call: BYE when confirmed (or answered and waiting for ACK), CANCEL for an outbound call
     * still ringing, 480 for an inbound call still offered.
     */
    void hangUp(String callId);

    /** Places an outbound call; returns its id. Events follow for the named application. */
    String placeCall(OutboundCallRequest request);

    /** Accepts a pending re-INVITE/UPDATE with 200 and the given SDP (null for none). */
    void acceptReoffer(String callId, String sdpAnswer);

    /** Refuses a pending re-INVITE/UPDATE with a final code (e.g. 488). */
    void refuseReoffer(String callId, int code);

    /**
     * Sends a re-INVITE with a new SDP offer inside a confirmed call. The far end's answer arrives as
     * {@link CallEvent.ReofferAnswered}. Since 1.3: refused ({@link CallControlException.Reason#WRONG_STATE})
     * while an offer is outstanding in either direction (RFC 3264: one at a time); a 491 (glare) is
     * retried by the service after RFC 3261 14.1's random time, and only the final outcome is reported
     * (491 itself after three retries).
     */
    void reoffer(String callId, String sdpOffer);

    /**
     * Sends an UPDATE (RFC 3311) with a new SDP offer: in a confirmed call, or in an early dialog once
     * the INVITE's offer/answer is complete (after a reliable provisional response carried the answer).
     * The answer arrives as {@link CallEvent.ReofferAnswered}; the rules of {@link #reoffer} apply
     * (one offer at a time, glare retries).
     *
     * @since 1.3
     */
    void update(String callId, String sdpOffer);

    /**
     * Accepts the transfer the far end asked for ({@link CallEvent.TransferRequested}, since 1.3): 202
     * Accepted, then a NOTIFY with {@code SIP/2.0 100 Trying} (unless the REFER said {@code Refer-Sub: false}).
     * The application then places the new call itself and reports how it goes with
     * {@link #transferProgress}.
     */
    void acceptTransfer(String callId);

    /** Refuses the transfer the far end asked for with a final code 300-699 (e.g. 603 Declined). Since 1.3. */
    void refuseTransfer(String callId, int code);

    /**
     * Reports how the transfer call goes (since 1.3): a NOTIFY whose {@code message/sipfrag} body is the
     * status line of {@code code} (101-699). A final code (200-699) ends the subscription
     * ({@code Subscription-State: terminated;reason=noresource}); later reports are refused.
     */
    void transferProgress(String callId, int code);

    /**
     * Places the call an accepted transfer asks for and links it to the transferred call (since 1.3): like
     * {@link #placeCall}, and the service itself reports the new call's progress on the transferred call
     * (NOTIFY 180/183 on its provisional responses, 200 once it is answered, its failure code, or 487 when
     * it is hung up first), also after a takeover. The application need not call {@link #transferProgress}.
     *
     * @param transferredCallId the call whose transfer was accepted ({@link #acceptTransfer})
     * @return the new call's id
     */
    String placeTransferCall(String transferredCallId, OutboundCallRequest request);

    /**
     * Asks the far end of a confirmed call to call {@code referTo} (a sip:, sips: or tel: URI): a REFER
     * (RFC 3515, since 1.3). Its answer and the far end's NOTIFYs arrive as {@link CallEvent.TransferStatus}.
     * One transfer at a time per call.
     */
    void transfer(String callId, String referTo);

    /** The current snapshot of a call, if it is known. */
    Optional<Call> find(String callId);

    /** Snapshots of every live call on this node. */
    List<Call> calls();
}
