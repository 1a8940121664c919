package org.dualsip.api.connector;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One remote application known to this node's connector: connected now, or away and held for its
 * grace period (orphan policy {@code hold}).
 *
 * @param name          the application's name (unique on the node)
 * @param remoteAddress the remote address of its connection (host:port), the last one when away
 * @param connected     true while its connection is open; false while it is away
 * @param since         when it connected (connected) or when its connection dropped (away)
 * @param patterns      the request-URI patterns it registered, empty when none
 * @param calls         its live calls on this node
 * @param tls           whether its connection uses TLS
 */
public record ConnectedApplication(String name, String remoteAddress, boolean connected, Instant since,
                                   List<String> patterns, int calls, boolean tls) {
    public ConnectedApplication {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(since, "since");
        patterns = List.copyOf(patterns);
    }
}
