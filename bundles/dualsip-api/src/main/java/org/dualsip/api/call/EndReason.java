package org.dualsip.api.call;

/** Why a call ended. Carried in {@link CallEvent.Ended} together with the SIP code involved. */
public enum EndReason {
    /** The far end sent BYE. */
    REMOTE_HANGUP,
    /** An application hung up (BYE sent by the service). */
    LOCAL_HANGUP,
    /** The far end cancelled the call before it was answered. */
    CANCELLED,
    /** The call was rejected with a final non-2xx response (by the application or the far end). */
    REJECTED,
    /** The ACK for our 2xx never arrived (Timer H); the service sent BYE. */
    ACK_TIMEOUT,
    /** A request of ours got no answer (transaction timeout). */
    TIMEOUT,
    /** No application takes calls for this request-URI. */
    NO_APPLICATION,
    /** The service is shutting down or lost the means to carry the call. */
    SERVICE_FAILURE,
    /**
     * The session expired without a refresh (RFC 4028 session timer); the service sent BYE with a
     * Reason header. Since 1.2.
     */
    SESSION_EXPIRED,
    /**
     * The offer/answer exchange failed: a late-offer call whose ACK carried no SDP answer, whose 2xx
     * carried no SDP offer, or whose application gave no answer in time; the service sent BYE with a
     * Reason header (cause 488). Since 1.2.
     */
    SDP_NEGOTIATION_FAILED,
    /**
     * A new call replaced this one (its INVITE carried a Replaces header naming this call's dialog, RFC
     * 3891) and was confirmed; the service sent BYE. Since 1.3.
     */
    REPLACED
}
