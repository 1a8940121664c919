package org.dualsip.itest.netns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The floating address is already answered by a third host on the LAN (dsn-third has 10.99.0.10):
 * the ARP probe before acquiring sees it, neither node configures the address, and
 * {@code dualsip:status --json} carries an alarm saying why. Once the third host lets the address
 * go, the driver's retry acquires it and calls go through.
 */
@ExtendWith(NetnsEnvironment.class)
class ThirdHostAnswersIT {

    private static final String FLOATING = NetnsTopology.FLOATING_V4;
    private static final LanHost THIRD = NetnsTopology.THIRD;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path work;
    private static NodePair pair;

    @BeforeAll
    static void startPairWhileTheThirdHostHoldsTheAddress() throws Exception {
        work = NetnsScenarios.work().resolve("third-host");
        HostCommand.require("ip", "-n", THIRD.namespace(), "addr", "add",
                FLOATING + "/" + NetnsTopology.LAN_V4_PREFIX, "dev", LanHost.LAN_INTERFACE);
        pair = NetnsPair.ipv4(NetnsScenarios.distribution(), work);
        pair.a().launch();
        pair.b().launch();
    }

    @AfterAll
    static void stopPair() throws Exception {
        try {
            if (pair != null) {
                pair.close();
            }
        } finally {
            HostCommand.run("ip", "-n", THIRD.namespace(), "addr", "del",
                    FLOATING + "/" + NetnsTopology.LAN_V4_PREFIX, "dev", LanHost.LAN_INTERFACE);
        }
    }

    @Test
    void neitherNodeConfiguresAnAddressAThirdHostAnswersForAndStatusSaysWhy() throws Exception {
        KarafNode elected = awaitElected();
        NodeStatusView status = NodePair.awaitStatus(elected, s -> !alarm(s).isEmpty(), Duration.ofSeconds(30));
        String alarm = alarm(status);
        System.out.println("[ThirdHostAnswersIT] status of the elected node: " + status + ", alarm: " + alarm);
        assertFalse(alarm.isEmpty(), () -> "dualsip:status --json has an alarm: " + status.output());
        assertTrue(alarm.contains(FLOATING), () -> "the alarm names the address: " + alarm);
        assertFalse(status.holdsAddress(), () -> "the elected node does not hold the address: " + status.output());
        for (LanHost node : java.util.List.of(NetnsTopology.NODE_A, NetnsTopology.NODE_B)) {
            assertFalse(node.hasAddress(FLOATING), node.namespace() + " did not configure " + FLOATING);
        }
        assertFalse(pair.other(elected).console().status().holdsAddress(), "nor does the other node");

        HostCommand.require("ip", "-n", THIRD.namespace(), "addr", "del",
                FLOATING + "/" + NetnsTopology.LAN_V4_PREFIX, "dev", LanHost.LAN_INTERFACE);
        NodeStatusView acquired = NodePair.awaitStatus(elected, NodeStatusView::holdsAddress, Duration.ofSeconds(60));
        assertTrue(acquired.holdsAddress(), () -> "once the third host let the address go, the retry acquired it: "
                + acquired.output() + "\n" + elected.logTail());
        assertTrue(NetnsPair.hostOf(pair, elected).hasAddress(FLOATING), "and configured it on its LAN interface");
        assertTrue(alarm(acquired).isEmpty(), () -> "the alarm cleared: " + acquired.output());

        SippRunner sipp = ClientSipp.runner(work);
        SippRun run = ClientSipp.longCalls(FLOATING, 5066, 5, 5, 500, Duration.ofSeconds(30), work.resolve("sipp"));
        SippResult result = sipp.run(run);
        assertTrue(result.allSucceeded(5), () -> "calls to the address once acquired: " + result + "\n"
                + result.report());
    }

    /** Waits until the pair's roles are decided; returns the node that should hold the address. */
    private static KarafNode awaitElected() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (KarafNode node : pair.nodes()) {
                NodeStatusView status = node.console().status();
                if (status.isActive()) {
                    return node;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no node became ACTIVE within 120 s\n" + pair.a().logTail() + "\n"
                + pair.b().logTail());
    }

    /**
     * Every alarm in the status, joined: the node's own and the floating address's (wherever the
     * status puts them); "" when there is none.
     */
    private static String alarm(NodeStatusView status) {
        String output = status.output();
        int start = output.indexOf('{');
        int end = output.lastIndexOf('}');
        if (start < 0 || end < start) {
            return "";
        }
        try {
            java.util.List<String> alarms = new java.util.ArrayList<>();
            collectAlarms(JSON.readTree(output.substring(start, end + 1)), alarms);
            return String.join("; ", alarms);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void collectAlarms(JsonNode node, java.util.List<String> alarms) {
        node.fields().forEachRemaining(field -> {
            if (field.getKey().toLowerCase(java.util.Locale.ROOT).contains("alarm") && field.getValue().isTextual()
                    && !field.getValue().asText().isBlank()) {
                alarms.add(field.getValue().asText());
            } else if (field.getValue().isContainerNode()) {
                collectAlarms(field.getValue(), alarms);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collectAlarms(element, alarms));
        }
    }
}
