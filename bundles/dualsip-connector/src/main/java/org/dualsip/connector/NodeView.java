package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.NodeStatusService;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;

/**
 * This node's role and pair as the connector answers them, from the PairService and the
 * NodeStatusService when they are there (both optional: the connector keeps answering while the
 * sync or SIP bundle restarts).
 */
final class NodeView {

    private final Supplier<PairService> pair;
    private final Supplier<NodeStatusService> node;

    NodeView(Supplier<PairService> pair, Supplier<NodeStatusService> node) {
        this.pair = pair;
        this.node = node;
    }

    /** This node's role; STARTING while neither service is there. */
    Role role() {
        PairStatus p = pairStatus();
        if (p != null) {
            return p.role();
        }
        NodeStatus n = nodeStatus();
        return n == null ? Role.STARTING : n.role();
    }

    /** Whether this node takes call commands now. */
    boolean serving() {
        Role r = role();
        return r == Role.ACTIVE || r == Role.STANDALONE;
    }

    long epoch() {
        PairStatus p = pairStatus();
        return p == null ? 0 : p.epoch();
    }

    String nodeName() {
        PairStatus p = pairStatus();
        if (p != null) {
            return p.node();
        }
        NodeStatus n = nodeStatus();
        return n == null ? null : n.node();
    }

    /** The peer's name when the peer is ACTIVE as last heard, else null (for the not-active error). */
    String activePeer() {
        PairStatus p = pairStatus();
        return p != null && p.peerRole() == Role.ACTIVE ? p.peerNode() : null;
    }

    String peerNode() {
        PairStatus p = pairStatus();
        return p == null ? null : p.peerNode();
    }

    /** The pair-status result's "pair" object. */
    ObjectNode pairJson() {
        PairStatus p = pairStatus();
        NodeStatus n = nodeStatus();
        ObjectNode json = Frames.object();
        json.put("node", nodeName());
        json.put("role", role().name());
        json.put("epoch", epoch());
        json.put("peer", p == null ? "" : p.peer());
        json.put("peerNode", p == null ? null : p.peerNode());
        json.put("peerRole", p == null || p.peerRole() == null ? null : p.peerRole().name());
        json.put("sync", p == null ? "NO_PEER" : p.sync().name());
        json.put("replicationLagMs", p == null || p.replicationLagMicros() < 0 ? -1.0
                : p.replicationLagMicros() / 1000.0);
        json.put("holdsAddress", n != null && n.holdsAddress());
        json.put("serviceAddress", n == null || n.serviceAddress().isEmpty() ? null : n.serviceAddress());
        return json;
    }

    /** Hands the active role over; IllegalStateException with the reason when refused. */
    void switchover() {
        PairService p = pair.get();
        if (p == null) {
            throw new IllegalStateException("the pair service is not running on this node");
        }
        p.switchover();
    }

    private PairStatus pairStatus() {
        PairService p = pair.get();
        return p == null ? null : p.status();
    }

    private NodeStatus nodeStatus() {
        NodeStatusService n = node.get();
        return n == null ? null : n.status();
    }
}
