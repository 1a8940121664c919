package org.dualsip.bench.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.node.PropertiesFileEditor;

/**
 * A pair on loopback whose connectors listen for remote applications: node "a" on
 * 127.0.0.1:{@code connectorPort}, node "b" on the next port, both with {@link #TOKEN}. Each node boots
 * from its own copy of the distribution with {@code etc/org.dualsip.connector.cfg} set, so that the
 * connector listens from the first boot and again after a relaunch. The demo application only takes
 * {@code sip:demo@...}, leaving every other request-URI to the remote applications.
 */
public final class ConnectorPair implements AutoCloseable {

    public static final String TOKEN = "bench-connector-token-0123456789";

    /** Top-level entries of a distribution folder that belong to a run, not to the distribution. */
    private static final List<String> SKIPPED = List.of("data", "instances", "karaf.pid", "lock");

    private final NodePair pair;
    private final int connectorPortA;

    private ConnectorPair(NodePair pair, int connectorPortA) {
        this.pair = pair;
        this.connectorPortA = connectorPortA;
    }

    /**
     * Prepares both nodes without starting them: "a" takes {@code base}'s Karaf ports and sync port
     * {@code syncPort}, "b" the ports + 1 and {@code syncPort + 10}; {@code connector} holds further
     * connector keys (e.g. {@code queue.limit}).
     */
    public static ConnectorPair prepare(Path distribution, Path work, NodeSettings base, int syncPort,
            int connectorPortA, Map<String, String> connector) throws IOException {
        NodeSettings settingsA = base.withDemo("pattern", "sip:demo@.*").withPair("a", 200, syncPort, syncPort + 10);
        NodeSettings settingsB = new NodeSettings(base.sshPort() + 1, base.rmiRegistryPort() + 1,
                base.rmiServerPort() + 1, base.sipAddress(), base.sipPort(), base.transports(), settingsA.demo(),
                Map.of()).withPair("b", 100, syncPort + 10, syncPort);
        Path distA = copyWithConnector(distribution, work.resolve("dist-a"), connectorPortA, connector);
        Path distB = copyWithConnector(distribution, work.resolve("dist-b"), connectorPortA + 1, connector);
        return new ConnectorPair(new NodePair(new KarafNode(distA, work.resolve("node-a"), settingsA),
                new KarafNode(distB, work.resolve("node-b"), settingsB)), connectorPortA);
    }

    /** Boots both nodes and waits for ACTIVE + PASSIVE, IN_SYNC. */
    public ConnectorPair start() throws IOException, InterruptedException {
        pair.start();
        return this;
    }

    public NodePair pair() {
        return pair;
    }

    /** The connector port of one of this pair's nodes. */
    public int connectorPort(KarafNode node) {
        return node == pair.a() ? connectorPortA : connectorPortA + 1;
    }

    /** "127.0.0.1:A,127.0.0.1:B": both connectors, as the client and the sample application take them. */
    public String nodes() {
        return "127.0.0.1:" + connectorPortA + ",127.0.0.1:" + (connectorPortA + 1);
    }

    private static Path copyWithConnector(Path distribution, Path target, int port, Map<String, String> extra)
            throws IOException {
        Path source = distribution.toAbsolutePath().normalize();
        if (!Files.isExecutable(source.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf distribution at " + source + ": build karaf-assembly first");
        }
        deleteTree(target);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path from : (Iterable<Path>) paths::iterator) {
                Path relative = source.relativize(from);
                if (relative.getNameCount() > 0 && SKIPPED.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path to = target.resolve(relative.toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("enabled", "true");
        keys.put("address", "127.0.0.1");
        keys.put("port", Integer.toString(port));
        keys.put("token", TOKEN);
        keys.putAll(extra);
        PropertiesFileEditor.set(target.resolve("etc/org.dualsip.connector.cfg"), keys);
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        pair.close();
    }
}
