package org.dualsip.api.call;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of one call, as applications see it.
 *
 * @param id          the service-wide call id (stable across a takeover)
 * @param direction   inbound or outbound
 * @param from        the From URI
 * @param to          the To URI
 * @param requestUri  the request-URI of the initial INVITE
 * @param state       the state at the time of the snapshot
 * @param sdpOffer    the SDP offer of the last completed offer/answer exchange (or the pending
 *                    one), or null when there is none yet; for a late-offer call the offer is the
 *                    one sent in the 2xx (by the application for an inbound call, by the far end
 *                    for an outbound one)
 * @param sdpAnswer   the SDP answer, or null when there is none yet (for a late-offer call: until
 *                    the ACK carried it)
 * @param application the name of the application that owns the call, or null when none does
 * @param createdAt   when the call was created
 */
public record Call(String id, Direction direction, String from, String to, String requestUri,
                   CallState state, String sdpOffer, String sdpAnswer, String application,
                   Instant createdAt) {
    public Call {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
