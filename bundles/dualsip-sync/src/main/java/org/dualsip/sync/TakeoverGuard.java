package org.dualsip.sync;

/**
 * Asked before a passive takes over after losing its peer on the sync link. The sync link alone must
 * never decide a takeover (DESIGN 3.5): the linux address driver will implement this with an ARP probe
 * of the service address and a check that the active's LAN address is silent. Returning false keeps
 * the node PASSIVE (and is logged as an alarm).
 */
public interface TakeoverGuard {

    /** True when the LAN confirms nobody serves the address; called on the role thread, keep it short. */
    boolean mayTakeOver(String reason);
}
