package org.dualsip.floatingip;

import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.node.Role;

/**
 * What the floating-address component is doing, for logs and (later) the node status.
 *
 * @param address the configured address, or null when no valid configuration was given
 * @param driver  the configured driver name, or null likewise
 * @param role    this node's role as last told by the pair, or null while undecided (the address
 *                is held only in ACTIVE and STANDALONE)
 * @param held    whether the address is acquired and the ServiceAddress service published
 * @param alarm   why the address is not held when it should be (or could not be if this node had
 *                to take over, e.g. a missing driver), or null
 */
public record AddressStatus(FloatingAddress address, String driver, Role role, boolean held, String alarm) {
}
