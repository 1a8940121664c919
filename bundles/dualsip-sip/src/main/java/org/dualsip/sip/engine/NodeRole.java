package org.dualsip.sip.engine;

import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RoleChange;

/**
 * This node's role as the sync bundle last told it. Until a change arrives the node is STANDALONE:
 * without the sync bundle (unit tests, old installs) the engine serves alone.
 */
final class NodeRole {

    private volatile RoleChange last;
    private volatile boolean serving = true;

    /** Records the change; returns whether the node served SIP before it. */
    boolean set(RoleChange change) {
        boolean before = serving;
        last = change;
        serving = serves(change.to());
        return before;
    }

    static boolean serves(Role role) {
        return role == Role.ACTIVE || role == Role.STANDALONE;
    }

    /** Whether this node handles SIP and call commands (ACTIVE or STANDALONE). */
    boolean serving() {
        return serving;
    }

    Role role() {
        RoleChange c = last;
        return c == null ? Role.STANDALONE : c.to();
    }

    long epoch() {
        RoleChange c = last;
        return c == null ? 0 : c.epoch();
    }
}
