package org.dualsip.api.pair;

/**
 * Told of every role change of this node (whiteboard service). Called in order, on the sync bundle's
 * role thread: a demotion is delivered (and must complete: unbind SIP, release the address) before
 * anything else happens on this node.
 */
public interface RoleListener {
    void roleChanged(RoleChange change);
}
