package org.dualsip.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The validated configuration of PID {@value #PID}. Built from the raw configuration properties so
 * that a bad value is refused with a message naming the PID and the key.
 *
 * @param clusterName          the pair's name; a peer announcing another one is refused
 * @param peerHost             the peer's sync host, empty when standalone
 * @param peerPort             the peer's sync port, 0 when standalone
 */
public record SyncSettings(String clusterName, String nodeName, String bindAddress, int bindPort, String peerHost, int peerPort,
                           int priority, long startupWaitMs, long heartbeatIntervalMs, long heartbeatTimeoutMs,
                           long replicationTimeoutMs, Path epochDir) {

    public static final String PID = "org.dualsip.sync";

    /** True when a peer is configured. */
    public boolean hasPeer() {
        return !peerHost.isEmpty();
    }

    /** The peer as configured (host:port), empty when standalone. */
    public String peer() {
        return hasPeer() ? peerHost + ":" + peerPort : "";
    }

    /**
     * Reads and validates the raw properties; missing keys take their defaults.
     *
     * @param defaultEpochDir where the epoch file goes when epoch.dir is not set
     * @throws IllegalArgumentException naming the PID and the key of the first bad value
     */
    public static SyncSettings from(Map<String, ?> props, Path defaultEpochDir) {
        String cluster = text(props, "cluster.name", "dualsip");
        if (!cluster.matches("[A-Za-z0-9._-]{1,64}")) {
            throw bad("cluster.name", cluster, "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String name = text(props, "node.name", "");
        if (name.isEmpty()) {
            name = defaultNodeName(); // an empty value in the file means "the host name", like no value
        }
        String bind = text(props, "bind.address", "127.0.0.1");
        checkHost("bind.address", bind);
        int port = (int) number(props, "bind.port", 7800, 1, 65534);
        String peer = text(props, "peer", "");
        String peerHost = "";
        int peerPort = 0;
        if (!peer.isEmpty()) {
            int colon = peer.lastIndexOf(':');
            if (colon <= 0 || colon == peer.length() - 1) {
                throw bad("peer", peer, "must be host:port or empty");
            }
            peerHost = peer.substring(0, colon);
            peerPort = (int) range("peer", peer, parse("peer", peer.substring(colon + 1)), 1, 65535);
            checkHost("peer", peerHost);
        }
        int priority = (int) number(props, "priority", 100, 0, 1_000_000);
        long startupWait = number(props, "startup.wait.ms", 3000, 0, 600_000);
        long interval = number(props, "heartbeat.interval.ms", 100, 10, 10_000);
        long timeout = number(props, "heartbeat.timeout.ms", 500, 30, 60_000);
        if (timeout < 2 * interval) {
            throw bad("heartbeat.timeout.ms", timeout, "must be at least twice heartbeat.interval.ms (" + interval + ")");
        }
        long replication = number(props, "replication.timeout.ms", 50, 1, 10_000);
        String dir = text(props, "epoch.dir", "");
        Path epochDir = dir.isEmpty() ? defaultEpochDir : Path.of(dir);
        return new SyncSettings(cluster, name, bind, port, peerHost, peerPort, priority, startupWait, interval, timeout,
                replication, epochDir);
    }

    private static String defaultNodeName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "dualsip";
        }
    }

    private static String text(Map<String, ?> props, String key, String dflt) {
        Object value = props.get(key);
        return value == null ? dflt : String.valueOf(value).trim();
    }

    private static long number(Map<String, ?> props, String key, long dflt, long min, long max) {
        Object value = props.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            return dflt;
        }
        String raw = String.valueOf(value).trim();
        return range(key, raw, parse(key, raw), min, max);
    }

    private static long parse(String key, String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw bad(key, raw, "is not a whole number");
        }
    }

    private static long range(String key, Object raw, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(key, raw, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static void checkHost(String key, String host) {
        // Only literal addresses and plain names; resolution happens when the channel starts.
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw bad(key, host, "is not a host name or address");
        }
    }

    private static IllegalArgumentException bad(String key, Object value, String why) {
        return new IllegalArgumentException(PID + ": key '" + key + "' = '" + value + "' " + why);
    }

    /** Renders this configuration for the start log line. */
    @Override
    public String toString() {
        return "cluster=" + clusterName + " node=" + nodeName + " bind=" + bindAddress + ":" + bindPort + " peer=" + (hasPeer() ? peer() : "(none)")
                + " priority=" + priority + " startupWait=" + startupWaitMs + "ms heartbeat=" + heartbeatIntervalMs
                + "/" + heartbeatTimeoutMs + "ms replicationTimeout=" + replicationTimeoutMs + "ms epochDir=" + epochDir;
    }
}
