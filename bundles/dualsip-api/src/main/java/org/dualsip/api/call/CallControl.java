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

    /** Answers an inbound call with 200 and the given SDP answer. */
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

    /** Sends a re-INVITE with a new SDP offer inside a confirmed call. */
    void reoffer(String callId, String sdpOffer);

    /** The current snapshot of a call, if it is known. */
    Optional<Call> find(String callId);

    /** Snapshots of every live call on this node. */
    List<Call> calls();
}
