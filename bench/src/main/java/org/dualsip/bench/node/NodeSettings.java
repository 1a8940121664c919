package org.dualsip.bench.node;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a booted node listens: Karaf's own ports (so that several nodes and other builds can run on
 * one machine) and its SIP service address, plus the demo application's and the pair's configuration.
 *
 * @param sshPort         Karaf SSH console port
 * @param rmiRegistryPort JMX RMI registry port
 * @param rmiServerPort   JMX RMI server port
 * @param sipAddress      the service address ({@code org.dualsip.floatingip} {@code address})
 * @param sipPort         {@code org.dualsip.sip} {@code port}
 * @param transports      {@code org.dualsip.sip} {@code transports}, e.g. {@code udp,tcp}
 * @param demo            keys of {@code org.dualsip.demo}, e.g. {@code hangup.after.ms}
 * @param sync            keys of {@code org.dualsip.sync} (empty: the distribution's, i.e. standalone)
 */
public record NodeSettings(int sshPort, int rmiRegistryPort, int rmiServerPort, String sipAddress, int sipPort,
        String transports, Map<String, String> demo, Map<String, String> sync) {

    /** Loopback address of the sync link of pairs on one machine. */
    public static final String SYNC_ADDRESS = "127.0.0.1";

    public NodeSettings {
        demo = Map.copyOf(demo);
        sync = Map.copyOf(sync);
    }

    /** A standalone node answering at once and never hanging up, on UDP and TCP. */
    public static NodeSettings of(int sshPort, int rmiRegistryPort, int rmiServerPort, String sipAddress,
            int sipPort) {
        return new NodeSettings(sshPort, rmiRegistryPort, rmiServerPort, sipAddress, sipPort, "udp,tcp",
                Map.of("answer.delay.ms", "0", "hangup.after.ms", "0"), Map.of());
    }

    public NodeSettings withDemo(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(demo);
        changed.put(key, value);
        return new NodeSettings(sshPort, rmiRegistryPort, rmiServerPort, sipAddress, sipPort, transports, changed,
                sync);
    }

    /**
     * One node of a pair on loopback: its sync link on {@link #SYNC_ADDRESS}:{@code syncPort} (FD_SOCK2
     * also takes the next two ports), the peer's at {@code peerSyncPort}.
     */
    public NodeSettings withPair(String nodeName, int priority, int syncPort, int peerSyncPort) {
        Map<String, String> pair = new LinkedHashMap<>();
        pair.put("node.name", nodeName);
        pair.put("priority", Integer.toString(priority));
        pair.put("bind.address", SYNC_ADDRESS);
        pair.put("bind.port", Integer.toString(syncPort));
        pair.put("peer", SYNC_ADDRESS + ":" + peerSyncPort);
        return new NodeSettings(sshPort, rmiRegistryPort, rmiServerPort, sipAddress, sipPort, transports, demo, pair);
    }

    public String sipTarget() {
        return sipAddress + ":" + sipPort;
    }
}
