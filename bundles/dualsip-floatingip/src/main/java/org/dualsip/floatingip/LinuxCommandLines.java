package org.dualsip.floatingip;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.dualsip.api.address.FloatingAddress;

/**
 * The command lines the linux driver runs, built in one place so that they can be read (and
 * tested) side by side with docs/floating-ip.md.
 */
final class LinuxCommandLines {

    /** Suffix of the IPv4 address label, so that an operator sees which address is ours. */
    static final String LABEL_SUFFIX = ":ds";
    /** Printed by iputils' arping just before its first packet goes out. */
    static final String ARPING_HEADER = "ARPING";
    /** Linux keeps a label in IFNAMSIZ (16) bytes including the terminating NUL. */
    private static final int MAX_LABEL_LENGTH = 15;
    /**
     * Waits for end-of-file on standard input, then runs its arguments. Standard input is a pipe
     * from the JVM, so end-of-file means the JVM closed it or died.
     */
    static final String GUARD_SCRIPT = "while read -r _; do :; done; exec \"$@\"";

    private LinuxCommandLines() {
    }

    static boolean isIpv4(FloatingAddress address) {
        return address.address() instanceof Inet4Address;
    }

    static String withPrefix(FloatingAddress address) {
        return address.host() + "/" + address.prefix();
    }

    /** The label ip gives an IPv4 address, or null when the interface name leaves no room for it. */
    static String label(FloatingAddress address) {
        String label = address.iface() + LABEL_SUFFIX;
        return label.length() <= MAX_LABEL_LENGTH ? label : null;
    }

    /** Lists the interface's addresses one per line; fails when the interface does not exist. */
    static List<String> showAddresses(String iface) {
        return List.of("ip", "-o", "addr", "show", "dev", iface);
    }

    /** IPv4 with our label; IPv6 with nodad: the address is usable at once (the probe is ours). */
    static List<String> addAddress(FloatingAddress address) {
        List<String> command = new ArrayList<>(List.of("ip", family(address), "addr", "add", withPrefix(address),
                "dev", address.iface()));
        if (isIpv4(address)) {
            String label = label(address);
            if (label != null) {
                command.addAll(List.of("label", label));
            }
        } else {
            command.add("nodad");
        }
        return command;
    }

    static List<String> removeAddress(FloatingAddress address) {
        return List.of("ip", family(address), "addr", "del", withPrefix(address), "dev", address.iface());
    }

    /**
     * RFC 5227 probe: ARP requests with sender 0.0.0.0; iputils arping exits 1 at the first answer,
     * 0 when none came after {@code count} probes (sent a second apart). Line-buffered output, so
     * the header printed right before the first probe reaches us at once: the wait for an answer
     * starts from there, not from the (load-dependent) process start.
     */
    static List<String> arpProbe(FloatingAddress address, int count) {
        return List.of("stdbuf", "-oL", "arping", "-D", "-c", Integer.toString(count), "-I", address.iface(),
                address.host());
    }

    /**
     * One gratuitous ARP request (sender and target both the address). Line-buffered output, so the
     * header printed right before the packet reaches us at once, not when arping exits a second later.
     */
    static List<String> gratuitousArp(FloatingAddress address) {
        return List.of("stdbuf", "-oL", "arping", "-U", "-c", "1", "-I", address.iface(), address.host());
    }

    /** One unsolicited neighbour advertisement (override flag, to all nodes) from libndp's ndptool. */
    static List<String> unsolicitedNeighbourAdvertisement(FloatingAddress address) {
        return List.of("ndptool", "-t", "na", "-U", "-i", address.iface(), "-T", address.host(), "send");
    }

    /** The dead-man's switch: removes the address when the JVM that added it goes away. */
    static List<String> removeWhenOrphaned(FloatingAddress address) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", GUARD_SCRIPT, "dualsip-address-guard"));
        command.addAll(removeAddress(address));
        return command;
    }

    /** The tools a family needs, for the check at activation. */
    static List<String> toolsFor(FloatingAddress address) {
        return isIpv4(address) ? List.of("ip", "arping", "stdbuf", "sh") : List.of("ip", "ndptool", "sh");
    }

    private static String family(FloatingAddress address) {
        return isIpv4(address) ? "-4" : "-6";
    }
}
