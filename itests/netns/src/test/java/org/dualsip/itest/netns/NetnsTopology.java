package org.dualsip.itest.netns;

import java.util.ArrayList;
import java.util.List;

/**
 * The multi-host topology, all of it inside network namespaces named {@code dsn-*} (nothing is added
 * to the host's own namespace): {@code dsn-lan} holds the LAN bridge {@code br0}; the nodes
 * {@code dsn-a} and {@code dsn-b} each have a LAN veth into the bridge and a separate sync link veth
 * ({@code sync0}) straight to each other (two NICs per node); {@code dsn-client} (SIPp) and
 * {@code dsn-third} (a host that may answer for the floating address) sit on the LAN.
 *
 * <p>Deleting a namespace deletes its veths; processes still inside a namespace would keep it alive,
 * so {@link #destroy()} kills them first ({@code ip netns pids}).
 */
final class NetnsTopology {

    static final String NAME_PREFIX = "dsn-";
    static final String LAN_NAMESPACE = "dsn-lan";
    static final String BRIDGE = "br0";
    static final String LAN_V4_PREFIX = "24";
    static final String LAN_V6_PREFIX = "64";
    static final String FLOATING_V4 = "10.99.0.10";
    static final String FLOATING_V6 = "fd99::10";
    static final String SYNC_INTERFACE = "sync0";
    static final String SYNC_A = "10.98.0.1";
    static final String SYNC_B = "10.98.0.2";
    static final String SYNC_PREFIX = "30";

    static final LanHost NODE_A = new LanHost("dsn-a", "10.99.0.11", "fd99::11", "02:99:00:00:00:11");
    static final LanHost NODE_B = new LanHost("dsn-b", "10.99.0.12", "fd99::12", "02:99:00:00:00:12");
    static final LanHost CLIENT = new LanHost("dsn-client", "10.99.0.100", "fd99::100", "02:99:00:00:01:00");
    static final LanHost THIRD = new LanHost("dsn-third", "10.99.0.200", "fd99::200", "02:99:00:00:02:00");
    static final List<LanHost> HOSTS = List.of(NODE_A, NODE_B, CLIENT, THIRD);

    private NetnsTopology() {
    }

    /** Creates the whole topology; on any failure it removes what it made and throws. */
    static void create() {
        deleteLeftovers();
        try {
            createLan();
            for (LanHost host : HOSTS) {
                attach(host);
            }
            for (LanHost node : List.of(NODE_A, NODE_B)) {
                tuneNode(node);
            }
            createSyncLink();
        } catch (RuntimeException e) {
            destroy();
            throw e;
        }
    }

    private static void createLan() {
        HostCommand.require("ip", "netns", "add", LAN_NAMESPACE);
        HostCommand.require("ip", "-n", LAN_NAMESPACE, "link", "set", "lo", "up");
        // No multicast snooping: without an MLD querier it would only add a variable to the NA tests.
        HostCommand.require("ip", "-n", LAN_NAMESPACE, "link", "add", BRIDGE, "type", "bridge",
                "mcast_snooping", "0");
        HostCommand.require("ip", "-n", LAN_NAMESPACE, "link", "set", BRIDGE, "up");
    }

    /** The host's namespace and its LAN veth: eth0 inside, the bridge port in dsn-lan. */
    private static void attach(LanHost host) {
        String ns = host.namespace();
        HostCommand.require("ip", "netns", "add", ns);
        HostCommand.require("ip", "-n", ns, "link", "set", "lo", "up");
        HostCommand.require("ip", "-n", LAN_NAMESPACE, "link", "add", host.bridgePort(), "type", "veth",
                "peer", "name", LanHost.LAN_INTERFACE, "netns", ns);
        HostCommand.require("ip", "-n", LAN_NAMESPACE, "link", "set", host.bridgePort(), "master", BRIDGE, "up");
        HostCommand.require("ip", "-n", ns, "link", "set", LanHost.LAN_INTERFACE, "address", host.mac());
        // Static test addresses are unique by construction: usable at once, no DAD delay.
        sysctl(host, "net.ipv6.conf." + LanHost.LAN_INTERFACE + ".accept_dad", "0");
        HostCommand.require("ip", "-n", ns, "addr", "add", host.ipv4() + "/" + LAN_V4_PREFIX,
                "dev", LanHost.LAN_INTERFACE);
        HostCommand.require("ip", "-n", ns, "addr", "add", host.ipv6() + "/" + LAN_V6_PREFIX,
                "dev", LanHost.LAN_INTERFACE, "nodad");
        HostCommand.require("ip", "-n", ns, "link", "set", LanHost.LAN_INTERFACE, "up");
    }

    /** What docs/real-pair.md asks of a real node: answer ARP only for addresses on the asked interface. */
    private static void tuneNode(LanHost node) {
        sysctl(node, "net.ipv4.conf.all.arp_ignore", "1");
        sysctl(node, "net.ipv4.conf.all.arp_announce", "2");
    }

    private static void createSyncLink() {
        HostCommand.require("ip", "-n", NODE_A.namespace(), "link", "add", SYNC_INTERFACE, "type", "veth",
                "peer", "name", SYNC_INTERFACE, "netns", NODE_B.namespace());
        HostCommand.require("ip", "-n", NODE_A.namespace(), "addr", "add", SYNC_A + "/" + SYNC_PREFIX,
                "dev", SYNC_INTERFACE);
        HostCommand.require("ip", "-n", NODE_B.namespace(), "addr", "add", SYNC_B + "/" + SYNC_PREFIX,
                "dev", SYNC_INTERFACE);
        HostCommand.require("ip", "-n", NODE_A.namespace(), "link", "set", SYNC_INTERFACE, "up");
        HostCommand.require("ip", "-n", NODE_B.namespace(), "link", "set", SYNC_INTERFACE, "up");
    }

    private static void sysctl(LanHost host, String key, String value) {
        HostCommand set = host.exec("sysctl", "-q", "-w", key + "=" + value);
        if (!set.succeeded()) {
            throw new IllegalStateException(set.describe());
        }
    }

    /** Removes every {@code dsn-*} namespace, killing what still runs inside first. Never throws. */
    static void destroy() {
        deleteLeftovers();
    }

    /** Every {@code dsn-*} namespace on the host: ours, from this run or an earlier one that died. */
    static List<String> existingNamespaces() {
        HostCommand list = HostCommand.run("ip", "netns", "list");
        List<String> names = new ArrayList<>();
        if (!list.succeeded()) {
            return names;
        }
        for (String line : list.output().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (name.startsWith(NAME_PREFIX)) {
                names.add(name);
            }
        }
        return names;
    }

    static void deleteLeftovers() {
        for (String ns : existingNamespaces()) {
            killProcessesIn(ns);
            HostCommand deleted = HostCommand.run("ip", "netns", "del", ns);
            if (!deleted.succeeded()) {
                System.err.println("[netns] could not delete namespace " + ns + ": " + deleted.describe());
            }
        }
    }

    /** Kills (SIGKILL) every process inside the namespace: Karaf JVMs, SIPp, captures left behind. */
    static void killProcessesIn(String ns) {
        HostCommand pids = HostCommand.run("ip", "netns", "pids", ns);
        if (!pids.succeeded()) {
            return;
        }
        List<ProcessHandle> killed = new ArrayList<>();
        for (String pid : pids.output().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                    process.destroyForcibly();
                    killed.add(process);
                });
            }
        }
        for (ProcessHandle process : killed) {
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.err.println("[netns] process " + process.pid() + " in " + ns + " outlived SIGKILL: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
