package org.dualsip.itest.netns;

import java.util.ArrayList;
import java.util.List;

/**
 * A host of the namespace topology: its network namespace and its LAN interface {@code eth0}, with a
 * fixed MAC address so that captures and neighbour entries name the host without a lookup.
 *
 * @param namespace the network namespace, {@code dsn-*}
 * @param ipv4      its LAN IPv4 address (in {@link NetnsTopology#LAN_V4_PREFIX})
 * @param ipv6      its LAN IPv6 address (in {@link NetnsTopology#LAN_V6_PREFIX})
 * @param mac       the MAC address of its {@code eth0}, lower case
 */
record LanHost(String namespace, String ipv4, String ipv6, String mac) {

    static final String LAN_INTERFACE = "eth0";

    /** {@code ip netns exec NS}: what runs a command (bin/start, SIPp, arping) on this host. */
    List<String> execPrefix() {
        return List.of("ip", "netns", "exec", namespace);
    }

    /** Runs a command on this host, bounded; the caller checks the result. */
    HostCommand exec(String... command) {
        List<String> full = new ArrayList<>(execPrefix());
        full.addAll(List.of(command));
        return HostCommand.run(HostCommand.DEFAULT_TIMEOUT, full);
    }

    /** The bridge port (in {@link NetnsTopology#LAN_NAMESPACE}) that this host's veth plugs into. */
    String bridgePort() {
        return "lan-" + namespace.substring("dsn-".length());
    }

    /** Whether the address (IPv4 or IPv6, without prefix) is configured on this host's LAN interface. */
    boolean hasAddress(String address) {
        HostCommand shown = exec("ip", "-o", "addr", "show", "dev", LAN_INTERFACE);
        if (!shown.succeeded()) {
            throw new IllegalStateException(shown.describe());
        }
        return shown.output().contains(" " + address + "/");
    }

    /** The MAC this host's neighbour table holds for the address, or "" when it has none (or FAILED/INCOMPLETE). */
    String neighbourMac(String address) {
        HostCommand shown = exec("ip", "neigh", "show", address, "dev", LAN_INTERFACE);
        if (!shown.succeeded()) {
            throw new IllegalStateException(shown.describe());
        }
        String[] words = shown.output().trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("lladdr")) {
                return words[i + 1].toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "";
    }
}
