package org.dualsip.api.call;

/**
 * What happens to a call, delivered to the owning {@link CallApplication}. Every event carries the
 * call snapshot taken right after the change it reports.
 */
public sealed interface CallEvent {

    /** The call as it is after this event. */
    Call call();

    /** A new inbound call is offered to the application: ring, answer or reject it. */
    record Offered(Call call) implements CallEvent { }

    /**
     * A provisional response: sent by us (inbound, after {@link CallControl#ring}) or received from
     * the far end (outbound).
     *
     * @param code 180 or 183 (or another 1xx above 100)
     * @param sdp  early-media SDP, or null
     */
    record Ringing(Call call, int code, String sdp) implements CallEvent { }

    /** A 2xx was sent (inbound) or received (outbound); the SDP answer is in the call. */
    record Answered(Call call) implements CallEvent { }

    /** The ACK completed the dialog: media may flow. */
    record Confirmed(Call call) implements CallEvent { }

    /**
     * The far end sent a re-INVITE or UPDATE inside the dialog (since 1.3 also an UPDATE in an early
     * dialog, once the INVITE's offer/answer is complete). The application must call
     * {@link CallControl#acceptReoffer} or {@link CallControl#refuseReoffer}.
     *
     * @param method "INVITE" or "UPDATE"
     * @param sdp    the new offer, or null for an offerless re-INVITE
     */
    record ReofferReceived(Call call, String method, String sdp) implements CallEvent { }

    /**
     * The answer of the far end to a re-INVITE or UPDATE the application sent: its final outcome (a
     * 491 met on the way is retried by the service first), or 408 when no answer came.
     *
     * @param code the final response code
     * @param sdp  the SDP answer, or null
     */
    record ReofferAnswered(Call call, int code, String sdp) implements CallEvent { }

    /**
     * An INFO or MESSAGE request arrived inside the dialog; the service already answered it 200.
     *
     * @param method      "INFO" or "MESSAGE"
     * @param contentType the body's content type, or null
     * @param body        the body, or null
     */
    record MessageReceived(Call call, String method, String contentType, String body) implements CallEvent { }

    /**
     * The call is over.
     *
     * @param reason  why
     * @param sipCode the SIP code involved (e.g. 200 for a BYE, 487 for a cancel, the reject code),
     *                0 when none applies
     */
    record Ended(Call call, EndReason reason, int sipCode) implements CallEvent { }
}
