package org.dualsip.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of one call as the application sees it, as the node last reported it.
 *
 * @param id          the service-wide call id (stable across a takeover)
 * @param direction   inbound or outbound
 * @param from        the From URI
 * @param to          the To URI
 * @param requestUri  the request-URI of the initial INVITE
 * @param state       the state at the time of the snapshot
 * @param sdpOffer    the SDP offer, or null
 * @param sdpAnswer   the SDP answer, or null
 * @param application the owning application's name, or null
 * @param createdAt   when the call was created, or null when the node did not say
 */
public record RemoteCall(String id, Direction direction, String from, String to, String requestUri, State state,
        String sdpOffer, String sdpAnswer, String application, Instant createdAt) {

    public RemoteCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
    }

    /** Which side placed the call. */
    public enum Direction { INBOUND, OUTBOUND }

    /** Where a call is in its life (the node's call states, by name). */
    public enum State {
        OFFERED, RINGING, ANSWERED_WAITING_ACK, CONFIRMED, TERMINATING, ENDED;

        /** True while the call still holds resources on the node. */
        public boolean isLive() {
            return this != ENDED;
        }
    }

    /** The same call in another state (used when the node reports a change without a snapshot). */
    RemoteCall withState(State newState) {
        return new RemoteCall(id, direction, from, to, requestUri, newState, sdpOffer, sdpAnswer, application,
                createdAt);
    }
}
