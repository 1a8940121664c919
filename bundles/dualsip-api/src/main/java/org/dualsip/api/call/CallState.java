package org.dualsip.api.call;

/**
 * Where a call is in its life. The same states serve inbound and outbound calls; for an outbound call
 * OFFERED means "INVITE sent, no provisional response yet".
 */
public enum CallState {
    /** INVITE received (inbound) or sent (outbound); no ringing yet. */
    OFFERED,
    /** A provisional response (180/183) was sent (inbound) or received (outbound). */
    RINGING,
    /**
     * Inbound: a 2xx was sent and is retransmitted until the ACK arrives. Outbound (late offer only,
     * since 1.2): the 2xx carried the far end's offer and the ACK waits for the application's answer.
     */
    ANSWERED_WAITING_ACK,
    /** The dialog is established (ACK received or sent). */
    CONFIRMED,
    /** A BYE or CANCEL was sent and its answer is awaited. */
    TERMINATING,
    /** The call is over; the record is kept briefly for the final event and then removed. */
    ENDED;

    /** True for the states in which the call still holds resources. */
    public boolean isLive() {
        return this != ENDED;
    }
}
