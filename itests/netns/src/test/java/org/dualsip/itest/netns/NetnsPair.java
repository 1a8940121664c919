package org.dualsip.itest.netns;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;

/**
 * The pair of the namespace topology: node "a" in {@code dsn-a} (higher priority, so it is the first
 * ACTIVE) and node "b" in {@code dsn-b}, each a copy of the built distribution started with
 * {@code ip netns exec}, its sync link bound to its own {@code sync0} address with the other's as the
 * peer, and the floating address held by the {@code linux} driver on its LAN interface.
 *
 * <p>Both use the same Karaf ports: each namespace has its own loopback.
 */
final class NetnsPair {

    static final int SIP_PORT = 5060;
    static final int SYNC_PORT = 7800;
    static final String DRIVER_PROPERTY = "dualsip.netns.driver";

    private NetnsPair() {
    }

    /** An IPv4 pair on 10.99.0.10/24. */
    static NodePair ipv4(Path distribution, Path work) {
        return create(distribution, work, NetnsTopology.FLOATING_V4, NetnsTopology.LAN_V4_PREFIX);
    }

    /** An IPv6 pair on fd99::10/64. */
    static NodePair ipv6(Path distribution, Path work) {
        return create(distribution, work, NetnsTopology.FLOATING_V6, NetnsTopology.LAN_V6_PREFIX);
    }

    static NodePair create(Path distribution, Path work, String floatingAddress, String prefix) {
        KarafNode a = node(distribution, work.resolve("node-a"), NetnsTopology.NODE_A, "a", 200,
                NetnsTopology.SYNC_A, NetnsTopology.SYNC_B, floatingAddress, prefix);
        KarafNode b = node(distribution, work.resolve("node-b"), NetnsTopology.NODE_B, "b", 100,
                NetnsTopology.SYNC_B, NetnsTopology.SYNC_A, floatingAddress, prefix);
        return new NodePair(a, b);
    }

    private static KarafNode node(Path distribution, Path home, LanHost host, String name, int priority,
            String syncAddress, String peerSyncAddress, String floatingAddress, String prefix) {
        Map<String, String> sync = new LinkedHashMap<>();
        sync.put("node.name", name);
        sync.put("priority", Integer.toString(priority));
        sync.put("bind.address", syncAddress);
        sync.put("bind.port", Integer.toString(SYNC_PORT));
        sync.put("peer", peerSyncAddress + ":" + SYNC_PORT);
        NodeSettings settings = new NodeSettings(8101, 1099, 44444, floatingAddress, SIP_PORT, "udp,tcp",
                Map.of("answer.delay.ms", "0", "hangup.after.ms", "0"), sync);
        return new KarafNode(distribution, home, settings)
                .withCommandPrefix(host.execPrefix())
                .withConfig("org.dualsip.floatingip", floating(host, floatingAddress, prefix));
    }

    /**
     * The linux driver on eth0; {@code -Ddualsip.netns.driver=none} instead gives each node its own LAN
     * address with the none driver (only to try the harness where the linux driver is unavailable:
     * the address then does not move and the takeover scenarios fail).
     */
    private static Map<String, String> floating(LanHost host, String floatingAddress, String prefix) {
        Map<String, String> keys = new LinkedHashMap<>();
        if ("none".equals(System.getProperty(DRIVER_PROPERTY))) {
            keys.put("driver", "none");
            keys.put("address", floatingAddress.contains(":") ? host.ipv6() : host.ipv4());
            return keys;
        }
        keys.put("driver", "linux");
        keys.put("address", floatingAddress);
        keys.put("prefix", prefix);
        keys.put("interface", LanHost.LAN_INTERFACE);
        return keys;
    }

    /** The LAN host a node of the pair runs in. */
    static LanHost hostOf(NodePair pair, KarafNode node) {
        return node == pair.a() ? NetnsTopology.NODE_A : NetnsTopology.NODE_B;
    }
}
