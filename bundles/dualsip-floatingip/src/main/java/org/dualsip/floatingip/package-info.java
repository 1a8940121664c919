/**
 * The service (floating) address on this node: picks the configured {@link
 * org.dualsip.api.address.FloatingAddressDriver}, acquires the address with it while this node's
 * role (told through {@link org.dualsip.api.pair.RoleListener}) is ACTIVE or STANDALONE, and
 * publishes a {@link org.dualsip.api.address.ServiceAddress} service while it is held, so that the
 * SIP bundle binds its listening points only then. Also holds the drivers: {@code none} (the
 * address is already local) and {@code linux} (adds the address with iproute2 after an ARP probe,
 * announces it with gratuitous ARP / unsolicited neighbour advertisement, removes it on release;
 * see docs/floating-ip.md). Private to the bundle.
 */
package org.dualsip.floatingip;
