package org.dualsip.bench.node;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Two nodes of a pair on loopback, booted from the distribution: node "a" (higher priority) and node
 * "b", sync links on 127.0.0.1, one service address that only the ACTIVE binds (driver none).
 * {@link #close()} always stops both.
 */
public final class NodePair implements AutoCloseable {

    /** Time for both nodes to boot and elect, then for the passive's first full state transfer. */
    static final Duration FORM_TIMEOUT = Duration.ofSeconds(150);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration JVM_GRACE = Duration.ofSeconds(15);

    private final KarafNode a;
    private final KarafNode b;

    public NodePair(KarafNode a, KarafNode b) {
        this.a = a;
        this.b = b;
    }

    /**
     * The usual pair: both nodes use {@code base}'s service address and demo settings; "a" takes
     * {@code base}'s Karaf ports, "b" those ports + 1, and their sync links {@code syncPort} and
     * {@code syncPort + 10}.
     */
    public static NodePair onLoopback(Path distribution, Path work, NodeSettings base, int syncPort) {
        NodeSettings settingsA = base.withPair("a", 200, syncPort, syncPort + 10);
        NodeSettings settingsB = new NodeSettings(base.sshPort() + 1, base.rmiRegistryPort() + 1,
                base.rmiServerPort() + 1, base.sipAddress(), base.sipPort(), base.transports(), base.demo(), Map.of())
                .withPair("b", 100, syncPort + 10, syncPort);
        return new NodePair(new KarafNode(distribution, work.resolve("node-a"), settingsA),
                new KarafNode(distribution, work.resolve("node-b"), settingsB));
    }

    public KarafNode a() {
        return a;
    }

    public KarafNode b() {
        return b;
    }

    public List<KarafNode> nodes() {
        return List.of(a, b);
    }

    /** Boots both nodes and waits until one is ACTIVE and the other PASSIVE, both IN_SYNC. */
    public NodePair start() throws IOException, InterruptedException {
        a.launch();
        b.launch();
        awaitFormed(FORM_TIMEOUT);
        return this;
    }

    /** Waits until one node is ACTIVE and the other PASSIVE, both reporting IN_SYNC. */
    public void awaitFormed(Duration timeout) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        NodeStatusView statusA = null;
        NodeStatusView statusB = null;
        while (System.nanoTime() < deadline) {
            // bin/start returns before the JVM is up: only a JVM missing after a while is gone.
            if (System.nanoTime() - started > JVM_GRACE.toNanos()) {
                requireAlive(a);
                requireAlive(b);
            }
            statusA = a.console().status();
            statusB = b.console().status();
            if (formed(statusA, statusB)) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("no ACTIVE + PASSIVE IN_SYNC pair within " + timeout.toSeconds() + " s: a "
                + statusA + ", b " + statusB + "\n--- a: " + (statusA == null ? "" : statusA.output()) + "\n--- b: "
                + (statusB == null ? "" : statusB.output()) + "\n" + a.logTail() + "\n" + b.logTail());
    }

    private static boolean formed(NodeStatusView x, NodeStatusView y) {
        boolean roles = (x.isActive() && y.isPassive()) || (x.isPassive() && y.isActive());
        return roles && x.inSync() && y.inSync();
    }

    private static void requireAlive(KarafNode node) {
        if (node.jvm().isEmpty()) {
            throw new IllegalStateException("node " + node.home() + " is not running\n" + node.logTail());
        }
    }

    /** The node whose status says ACTIVE, if any. */
    public Optional<KarafNode> active() throws IOException, InterruptedException {
        return inRole(NodeStatusView::isActive);
    }

    /** The node whose status says PASSIVE, if any. */
    public Optional<KarafNode> passive() throws IOException, InterruptedException {
        return inRole(NodeStatusView::isPassive);
    }

    private Optional<KarafNode> inRole(Predicate<NodeStatusView> role) throws IOException, InterruptedException {
        for (KarafNode node : nodes()) {
            if (node.jvm().isPresent() && role.test(node.console().status())) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    public KarafNode other(KarafNode node) {
        return node == a ? b : a;
    }

    /** Polls the node's status until the condition holds; returns the last status either way. */
    public static NodeStatusView awaitStatus(KarafNode node, Predicate<NodeStatusView> condition, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        NodeStatusView status = node.console().status();
        while (!condition.test(status) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            status = node.console().status();
        }
        return status;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            a.stop();
        } finally {
            b.stop();
        }
    }
}
