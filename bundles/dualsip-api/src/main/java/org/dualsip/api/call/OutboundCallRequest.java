package org.dualsip.api.call;

import java.util.Map;
import java.util.Objects;

/**
 * What an application gives to place an outbound call.
 *
 * @param application  the name of the placing application (receives the call's events)
 * @param from         the From URI (e.g. {@code sip:service@example.net})
 * @param to           the SIP URI to call; also the request-URI
 * @param sdpOffer     the SDP offer, or null for a late-offer call (since 1.2): the INVITE goes
 *                     without SDP, the far end's 2xx carries its offer ({@link CallEvent.Answered},
 *                     state {@link CallState#ANSWERED_WAITING_ACK}) and the application gives the
 *                     answer with {@link CallControl#answer}, which the ACK carries. Without an
 *                     answer within 64*T1 (32 s by default) the call is ended (ACK without SDP,
 *                     then BYE; {@link EndReason#SDP_NEGOTIATION_FAILED})
 * @param extraHeaders extra headers to add to the INVITE (name to value); never Via, From, To,
 *                     Call-ID, CSeq, Contact, Max-Forwards, Content-Type or Content-Length
 */
public record OutboundCallRequest(String application, String from, String to, String sdpOffer,
                                  Map<String, String> extraHeaders) {
    public OutboundCallRequest {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }
}
