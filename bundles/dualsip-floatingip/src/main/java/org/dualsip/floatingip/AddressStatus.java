package org.dualsip.floatingip;

import org.dualsip.api.address.FloatingAddress;

/**
 * What the floating-address component is doing, for logs and (later) the node status.
 *
 * @param address the configured address, or null when no valid configuration was given
 * @param driver  the configured driver name, or null likewise
 * @param held    whether the address is acquired and the ServiceAddress service published
 * @param alarm   why the address is not held when it should be, or null
 */
public record AddressStatus(FloatingAddress address, String driver, boolean held, String alarm) {
}
