package org.dualsip.itest.netns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.itest.netns.BridgeCapture.CapturedFrame;

/**
 * What the scenarios share: where the parts are, the calls a node lists, polling, and reading a
 * takeover from a capture.
 */
final class NetnsScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NetnsScenarios() {
    }

    /** The unpacked distribution (system property {@code dualsip.distribution}, set by the pom). */
    static Path distribution() {
        Path distribution = KarafNode.locateDistribution();
        if (!Files.isExecutable(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException("no built distribution at " + distribution.toAbsolutePath()
                    + ": run 'mvn install' at the root (karaf-assembly) before the namespace tests");
        }
        return distribution;
    }

    /** This module's build folder, where nodes, SIPp runs and captures keep their files. */
    static Path work() {
        return Path.of(System.getProperty("dualsip.work", "target")).toAbsolutePath();
    }

    /** The Call-IDs the node lists in {@code dualsip:calls --json} (on a passive: its mirror). */
    static Set<String> callIds(KarafNode node) throws IOException, InterruptedException {
        String output = node.console().run("dualsip:calls --json");
        int start = output.indexOf('[');
        int end = output.lastIndexOf(']');
        if (start < 0 || end < start) {
            throw new IllegalStateException("no JSON array from dualsip:calls --json on " + node.home() + ": " + output);
        }
        Set<String> ids = new TreeSet<>();
        for (JsonNode call : JSON.readTree(output.substring(start, end + 1))) {
            if (!"ENDED".equals(call.path("state").asText())) {
                ids.add(call.path("id").asText());
            }
        }
        return ids;
    }

    /** Polls until the condition holds or the time is up; returns whether it held. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** The first frame after {@code since} from {@code mac} that is a gratuitous ARP / NA for the address. */
    static Optional<CapturedFrame> firstAnnouncement(List<CapturedFrame> frames, Instant since, String mac,
            String address) {
        return frames.stream()
                .filter(f -> !f.time().isBefore(since) && f.sourceMac().equals(mac) && f.isGratuitousFor(address))
                .findFirst();
    }

    /** The first SIP response from the address carried in a frame from {@code mac} after {@code since}. */
    static Optional<CapturedFrame> firstSipAnswer(List<CapturedFrame> frames, Instant since, String mac,
            String address) {
        return frames.stream()
                .filter(f -> !f.time().isBefore(since) && f.sourceMac().equals(mac) && f.isSipResponseFrom(address))
                .findFirst();
    }

    /**
     * Asserts that the node took over: ACTIVE and holding the address by its status, the address on
     * its LAN interface, and the client's neighbour entry for it moved to the node's MAC within a
     * few seconds (the announcement burst lasts about one).
     */
    static void assertTookOver(KarafNode node, LanHost host, String address) throws IOException, InterruptedException {
        NodeStatusView status = NodePair.awaitStatus(node,
                s -> s.isActive() && s.holdsAddress(), Duration.ofSeconds(15));
        assertTrue(status.isActive() && status.holdsAddress(), () -> host.namespace() + " took over: " + status.output() + "\n" + node.logTail());
        assertTrue(host.hasAddress(address),
                host.namespace() + " has " + address + " on its LAN interface");
        boolean moved = await(() -> host.mac().equals(NetnsTopology.CLIENT.neighbourMac(address)),
                Duration.ofSeconds(5));
        assertTrue(moved, () -> "the client's neighbour entry for " + address
                + " moved to " + host.mac() + " within 5 s; it is '" + NetnsTopology.CLIENT.neighbourMac(address)
                + "'");
    }

    static String millisAfter(Instant since, Optional<CapturedFrame> frame) {
        return frame.map(f -> Duration.between(since, f.time()).toMillis() + " ms").orElse("none");
    }
}
