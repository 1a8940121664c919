package org.dualsip.client;

import java.util.List;

/**
 * The application's side of the client: receives the events of its calls and, once per takeover, the
 * list of its calls carried on by the new active node.
 *
 * <p>All callbacks run on one thread owned by the client, in the order the nodes reported them, so
 * events of one call arrive in order and a takeover is seen before any later event. Do not block in a
 * callback: give commands through {@link DualsipClient} (they return at once). An exception thrown by
 * a callback is logged and affects nothing else.
 */
public interface RemoteCallListener {

    /** One event of a call this application owns. */
    void onEvent(RemoteCallEvent event);

    /**
     * The other node took over (a new epoch): the calls listed carry on there with the same ids. Called
     * exactly once per takeover. The default does nothing: an application without state of its own
     * needs no code for a failover, since the client routes its commands to the new active anyway.
     */
    default void onTakeover(long epoch, String reason, List<RemoteCall> calls) {
    }

    /**
     * A node's role as this client last learned it (from the handshake or a role event), or
     * {@code DISCONNECTED} when the connection to it is down. Informational.
     */
    default void onNodeRole(String node, String role, long epoch) {
    }
}
