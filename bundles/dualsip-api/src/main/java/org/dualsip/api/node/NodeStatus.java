package org.dualsip.api.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.dualsip.api.call.CallState;

/**
 * A snapshot of the node for {@code dualsip:status}.
 *
 * @param node           this node's name
 * @param role           its role
 * @param serviceAddress the SIP service address (floating IP) with its port, e.g. 127.0.0.10:5060
 * @param holdsAddress   whether this node currently holds the address and listens on it
 * @param transports     the SIP transports listening (e.g. udp,tcp), empty when not listening
 * @param callsByState   live call counts by state (every state present, zero included)
 * @param startedAt      when the SIP service started
 * @param uptime         how long it has been up
 * @param alarm          the current alarm, or null when all is well
 */
public record NodeStatus(String node, Role role, String serviceAddress, boolean holdsAddress,
                         String transports, Map<CallState, Long> callsByState, Instant startedAt,
                         Duration uptime, String alarm) {
    public NodeStatus {
        callsByState = Map.copyOf(callsByState);
    }
}
