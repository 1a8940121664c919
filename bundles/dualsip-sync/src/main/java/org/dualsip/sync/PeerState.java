package org.dualsip.sync;

import org.dualsip.api.node.Role;
import org.dualsip.api.pair.SyncState;

/**
 * What a node announces about itself in every state message (about every heartbeat interval).
 *
 * @param sync the sender's view of the sync state (the passive learns DEGRADED from the active)
 */
record PeerState(String name, Role role, long epoch, int priority, SyncState sync) {

    /** The deterministic election rule: higher priority wins, then the smaller node name. */
    static boolean firstWins(String name, int priority, String otherName, int otherPriority) {
        if (priority != otherPriority) {
            return priority > otherPriority;
        }
        return name.compareTo(otherName) < 0;
    }
}
