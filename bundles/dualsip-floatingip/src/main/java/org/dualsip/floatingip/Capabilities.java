package org.dualsip.floatingip;

import java.util.ArrayList;
import java.util.List;

/**
 * The effective capabilities of a process, from the {@code CapEff} line of /proc/PID/status. The
 * linux driver needs CAP_NET_ADMIN (add and remove addresses) and CAP_NET_RAW (ARP and ICMPv6 on a
 * raw socket); its tools inherit them from the JVM (root, or ambient capabilities).
 */
final class Capabilities {

    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;

    private final long effective;

    private Capabilities(long effective) {
        this.effective = effective;
    }

    /** @throws IllegalArgumentException when the text has no CapEff line */
    static Capabilities fromProcStatus(String statusText) {
        for (String line : statusText.split("\\R")) {
            if (line.startsWith("CapEff:")) {
                return new Capabilities(Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16));
            }
        }
        throw new IllegalArgumentException("no CapEff line in the process status");
    }

    boolean has(int capability) {
        return (effective & (1L << capability)) != 0;
    }

    /** The names of the capabilities the driver needs and this process lacks; empty when none. */
    List<String> missingForDriver() {
        List<String> missing = new ArrayList<>();
        if (!has(CAP_NET_ADMIN)) {
            missing.add("CAP_NET_ADMIN");
        }
        if (!has(CAP_NET_RAW)) {
            missing.add("CAP_NET_RAW");
        }
        return missing;
    }
}
