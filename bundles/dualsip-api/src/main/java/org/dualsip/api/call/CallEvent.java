package org.dualsip.api.call;

/**
 * What happens to a call, delivered to the owning {@link CallApplication}. Every event carries the
 * call snapshot taken right after the change it reports.
 */
public sealed interface CallEvent {

    /** The call as it is after this event. */
    Call call();

    /**
     * A new inbound call is offered to the application: ring, answer or reject it.
     *
     * @param call     the new call
     * @param replaces since 1.3: the id of the call of ours this one replaces (its INVITE carried a
     *                 {@code Replaces} header naming that call's dialog, RFC 3891), or null. When the new
     *                 call is confirmed the service ends the replaced one with BYE
     *                 ({@link EndReason#REPLACED}); rejecting the new call leaves the replaced one alone
     */
    record Offered(Call call, String replaces) implements CallEvent {
        /** A call that replaces none. */
        public Offered(Call call) {
            this(call, null);
        }
    }

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
     * The far end asked us to transfer this call (a REFER in the confirmed dialog, RFC 3515; since 1.3).
     * The application decides: {@link CallControl#acceptTransfer} (202, then it places the new call and
     * reports its progress with {@link CallControl#transferProgress}) or {@link CallControl#refuseTransfer}.
     * Without a decision within 64*T1 (32 s by default) the service refuses it with 603.
     *
     * @param referTo    the target to call (the Refer-To URI, a sip:, sips: or tel: URI, without the
     *                   header parameters it may carry)
     * @param referredBy the Referred-By header value, or null; give it as a Referred-By header of the new call
     * @param replaces   the Replaces value the Refer-To URI carried (attended transfer), unescaped, or null;
     *                   give it as a Replaces header of the new call
     */
    record TransferRequested(Call call, String referTo, String referredBy, String replaces) implements CallEvent { }

    /**
     * How a transfer we asked for ({@link CallControl#transfer}, since 1.3) goes: first the answer to our
     * REFER (202, or a refusal 4xx-6xx, or 408 when none came), then the status code of each NOTIFY the far
     * end sends (its {@code message/sipfrag}: 100 trying, 180 ringing, 200 the transfer call was answered,
     * 4xx-6xx it failed). The call itself is not ended by the service: the application hangs up once it
     * has seen what it waits for.
     *
     * @param code     the REFER's response code or the sipfrag's status code
     * @param finished true on the last report of this transfer (REFER refused or timed out, or the NOTIFY
     *                 whose Subscription-State is terminated)
     */
    record TransferStatus(Call call, int code, boolean finished) implements CallEvent { }

    /**
     * The call is over.
     *
     * @param reason  why
     * @param sipCode the SIP code involved (e.g. 200 for a BYE, 487 for a cancel, the reject code),
     *                0 when none applies
     */
    record Ended(Call call, EndReason reason, int sipCode) implements CallEvent { }
}
