package org.dualsip.api.pair;

import java.util.List;
import org.dualsip.api.node.Role;

/**
 * The pair as this node sees it.
 *
 * @param node              this node's name
 * @param role              this node's role
 * @param epoch             the current epoch
 * @param peer              the configured peer (host:port), empty when standalone
 * @param peerNode          the peer's node name as last heard, or null when unknown
 * @param peerRole          the peer's role as last heard, or null when unknown
 * @param sync              the sync state
 * @param replicationLagMicros the last replication round trip in microseconds, -1 when none
 * @param roleChanges       the last role changes, newest first (at most 50)
 * @param alarm             what keeps the pair from working as a pair right now (a refused peer, a
 *                          takeover the LAN check refused), or null when all is well
 */
public record PairStatus(String node, Role role, long epoch, String peer, String peerNode, Role peerRole, SyncState sync,
                         long replicationLagMicros, List<RoleChange> roleChanges, String alarm) {
    public PairStatus {
        roleChanges = List.copyOf(roleChanges);
    }

    /** A status without an alarm. */
    public PairStatus(String node, Role role, long epoch, String peer, String peerNode, Role peerRole, SyncState sync,
                      long replicationLagMicros, List<RoleChange> roleChanges) {
        this(node, role, epoch, peer, peerNode, peerRole, sync, replicationLagMicros, roleChanges, null);
    }
}
