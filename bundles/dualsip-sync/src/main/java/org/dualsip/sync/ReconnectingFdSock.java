package org.dualsip.sync;

import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.Membership;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;

/**
 * FD_SOCK2 that connects again to the member it monitors after a failed attempt, instead of staying
 * blind to that member for as long as it stays in the group.
 *
 * <p>Why: when FD_SOCK2 (5.5.7) cannot connect to its new ping destination (no CONNECT-RSP within
 * {@code connect_timeout}: a peer still starting, a loaded machine, both members connecting to each
 * other at the same moment), it suspects the member but keeps it recorded as its destination, without
 * a connection. When the suspicion is then disproved (VERIFY_SUSPECT2: the member answers), the
 * reconnect that follows sees "the same destination" and does nothing, and so does every later view.
 * From then on a closed connection of that member is never noticed: a killed peer is found only by the
 * missing heartbeats (FD_ALL3, ~500 ms instead of tens of ms), until that member leaves the group.
 *
 * <p>So a destination whose connection attempt failed is connected to again on the next reconnect
 * (after the unsuspicion, or a view), exactly as FD_SOCK2 does for a member it has not tried yet, and
 * a failure is suspected again as FD_SOCK2 does. Only its protected API is used. Runs on FD_SOCK2's
 * single request queue, like the methods it overrides.
 */
class ReconnectingFdSock extends FD_SOCK2 {

    /** The ping destination whose last connection attempt failed, or null. */
    private volatile Address unconnected;

    ReconnectingFdSock() {
        // the same protocol id as FD_SOCK2: its headers and messages are unchanged on the wire
        setId(ClassConfigurator.getProtocolId(FD_SOCK2.class));
    }

    @Override
    protected boolean connectTo(Address newPingDest, Membership mbrs) {
        boolean connected = super.connectTo(newPingDest, mbrs);
        unconnected = connected ? null : newPingDest;
        return connected;
    }

    @Override
    protected void connectToNextPingDest(Address alreadySuspect) {
        Address failed = unconnected;
        if (failed != null && failed.equals(pingable_mbrs.getNext(local_addr))) {
            log.debug("%s: connecting again to %s (the last attempt failed)", local_addr, failed);
            if (!connectTo(failed, members)) {
                pingable_mbrs.remove(failed);
                List<Address> suspects = new ArrayList<>(2);
                if (alreadySuspect != null && !alreadySuspect.equals(failed)) {
                    suspects.add(alreadySuspect);
                }
                suspects.add(failed);
                broadcastSuspectMessage(suspects);
                return;
            }
        }
        super.connectToNextPingDest(alreadySuspect);
    }
}
