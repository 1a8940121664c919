package org.dualsip.floatingip;

import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.ServiceAddress;

/** The {@link ServiceAddress} published while the address is held. */
record HeldServiceAddress(FloatingAddress address, String driver) implements ServiceAddress {
}
