package org.dualsip.api.address;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The configured service address.
 *
 * @param address   the IP address SIP listens on
 * @param prefix    the prefix length for drivers that configure it (e.g. 24)
 * @param iface     the interface name for drivers that configure it, or empty
 */
public record FloatingAddress(InetAddress address, int prefix, String iface) {
    public FloatingAddress {
        Objects.requireNonNull(address, "address");
        iface = iface == null ? "" : iface;
    }

    /** The address as text, without brackets. */
    public String host() {
        return address.getHostAddress();
    }
}
