package org.dualsip.client;

/**
 * What happens to a call the application owns, as the node reports it. Mirrors the in-process
 * {@code CallEvent} of dualsip-api. Every event carries the call snapshot taken right after the change.
 */
public sealed interface RemoteCallEvent {

    /** The call as it is after this event. */
    RemoteCall call();

    /**
     * A new inbound call: ring, answer or reject it.
     *
     * @param replaces the id of the call this one replaces (its INVITE carried Replaces), or null; the node
     *                 ends that call with BYE once this one is confirmed
     */
    record Offered(RemoteCall call, String replaces) implements RemoteCallEvent {
        /** A call that replaces none. */
        public Offered(RemoteCall call) {
            this(call, null);
        }
    }

    /** A provisional response (180/183, or another 1xx above 100), with early-media SDP or null. */
    record Ringing(RemoteCall call, int code, String sdp) implements RemoteCallEvent { }

    /** A 2xx was sent (inbound) or received (outbound). */
    record Answered(RemoteCall call) implements RemoteCallEvent { }

    /** The ACK completed the dialog. */
    record Confirmed(RemoteCall call) implements RemoteCallEvent { }

    /**
     * The far end sent a re-INVITE or UPDATE: answer with {@link DualsipClient#acceptReoffer} or
     * {@link DualsipClient#refuseReoffer}.
     *
     * @param method "INVITE" or "UPDATE"
     * @param sdp    the new offer, or null
     */
    record Reoffer(RemoteCall call, String method, String sdp) implements RemoteCallEvent { }

    /** The far end's final answer to a re-INVITE the application sent. */
    record ReofferAnswered(RemoteCall call, int code, String sdp) implements RemoteCallEvent { }

    /** An INFO or MESSAGE arrived inside the dialog (the node already answered it 200). */
    record Message(RemoteCall call, String method, String contentType, String body) implements RemoteCallEvent { }

    /**
     * The far end asked to transfer this call (REFER): decide with {@link DualsipClient#acceptTransfer} or
     * {@link DualsipClient#refuseTransfer}; after accepting, place the call to {@code referTo} and report
     * its progress with {@link DualsipClient#transferProgress}.
     */
    record TransferRequested(RemoteCall call, String referTo, String referredBy, String replaces)
            implements RemoteCallEvent { }

    /** How a transfer this application asked for ({@link DualsipClient#transfer}) goes. */
    record TransferStatus(RemoteCall call, int code, boolean finished) implements RemoteCallEvent { }

    /**
     * The call is over.
     *
     * @param reason the node's EndReason name (e.g. REMOTE_HANGUP, LOCAL_HANGUP, CANCELLED, REJECTED), or
     *               {@code SERVICE_FAILURE} when the call was lost in a takeover
     * @param code   the SIP code involved, 0 when none applies
     */
    record Ended(RemoteCall call, String reason, int code) implements RemoteCallEvent { }
}
