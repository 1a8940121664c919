package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.dualsip.bench.connector.ConnectorPair;
import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.node.NodeStatusView;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Remote applications on a real pair (loopback, service address 127.0.0.70:46060, connectors
 * 127.0.0.1:46100/46101): the sample application runs as its own process, connected to both nodes;
 * SIPp calls through the service address.
 * <ol>
 *   <li>an application that stops reading its connection does not slow the calls of another one, and
 *       is disconnected as a slow consumer once its queue is full;</li>
 *   <li>{@code kill -9} of the active while the application holds calls: it gets one takeover and
 *       hangs every call up through the new active, SIPp 0 failed;</li>
 *   <li>(the killed node rejoins) calls offered to the application but not yet answered when the
 *       active is killed are answered on the new active and complete;</li>
 *   <li>the sample application places calls (to SIPp as UAS) through whichever node is active.</li>
 * </ol>
 * Each test continues from the state the previous one leaves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteAppPairIT {

    private static final NodeSettings BASE = NodeSettings.of(8601, 1601, 44901, "127.0.0.70", 46060);
    private static final int SYNC_PORT = 48000;
    private static final int CONNECTOR_PORT = 46100;
    private static final String SIPP_ADDRESS = "127.0.0.71";
    private static final int SIPP_PORT = 46061;
    private static final int STUCK_SIPP_PORT = 46063;
    private static final Duration SETUP_BOUND = Duration.ofMillis(1_000);
    /** Calls offered to the stuck application: ~30 KB frames, far more than its queue and buffers hold. */
    private static final int STUCK_RATE = 40;
    private static final int STUCK_CALLS = 600;

    private static SippRunner sipp;
    private static ConnectorPair remote;
    private static KarafNode killed;
    private static KarafNode survivor;

    @BeforeAll
    static void startPair() throws Exception {
        sipp = SystemTestSetup.sipp();
        // Small queue so a stuck application is dropped within a bounded test; hang up its calls at once.
        remote = ConnectorPair.prepare(SystemTestSetup.distribution(), work(), BASE, SYNC_PORT, CONNECTOR_PORT,
                Map.of("queue.limit", "100", "orphan.policy", "hangup")).start();
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (remote != null) {
            remote.close();
        }
    }

    private static Path work() {
        return SystemTestSetup.work().resolve("remote-app");
    }

    private static SampleAppProcess sampleApp(String name, String... options) throws Exception {
        return sampleApp(name, true, options);
    }

    /** Starts the sample application and waits until it sees the ACTIVE node (and the PASSIVE one if asked). */
    private static SampleAppProcess sampleApp(String name, boolean withPassive, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--nodes", remote.nodes(), "--token",
                ConnectorPair.TOKEN, "--name", name, "--pattern", "sip:" + name + "@.*", "--stats-every-s", "1"));
        args.addAll(List.of(options));
        SampleAppProcess app = SampleAppProcess.start(work().resolve("app-" + name + ".log"), args);
        boolean connected = app.awaitLine(line -> line.contains("is ACTIVE"), Duration.ofSeconds(30))
                && (!withPassive || app.awaitLine(line -> line.contains("is PASSIVE"), Duration.ofSeconds(30)));
        if (!connected) {
            app.close();
            throw new AssertionError("sample application " + name + " did not connect to both nodes\n" + app.tail());
        }
        return app;
    }

    private static SippRun calls(String service, int rate, int count, String label, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("-s", service));
        args.addAll(List.of(extra));
        return SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, rate, count, Duration.ofSeconds(120),
                work().resolve("sipp-" + label)).withExtraArgs(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void aStuckApplicationDoesNotSlowAnotherAndIsDisconnectedAsSlowConsumer() throws Exception {
        KarafNode active = remote.pair().active().orElseThrow(() -> new AssertionError("no ACTIVE node"));
        int activeConnector = remote.connectorPort(active);
        try (SampleAppProcess other = sampleApp("other")) {
            SippResult baseline = sipp.run(calls("other", 10, 50, "other-baseline", "-d", "500"));
            assertTrue(baseline.allSucceeded(50), () -> "baseline calls: " + baseline + "\n" + baseline.report());
            double baselineMs = SippResponseTime.averageMillis(work().resolve("sipp-other-baseline/sipp-stat.csv"));

            try (StuckApplication stuck = StuckApplication.connect(activeConnector, "stuck", "sip:stuck@.*");
                    SippRunner.Running flood = sipp.start(SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, STUCK_SIPP_PORT,
                            STUCK_RATE, STUCK_CALLS, Duration.ofSeconds(90), work().resolve("sipp-stuck"))
                            .withScenario(SystemTestSetup.scenario("stuck-caller.xml").toString())
                            .withTransport("t1") // 30 KB INVITEs: too large for a UDP datagram here
                            .withCallLimit(STUCK_CALLS) // its calls never end: SIPp's default limit would stop it
                            .withExtraArgs("-s", "stuck"))) {
                SippResult loaded = sipp.run(calls("other", 10, 100, "other-loaded", "-d", "500"));
                double loadedMs = SippResponseTime.averageMillis(work().resolve("sipp-other-loaded/sipp-stat.csv"));
                System.out.printf("[RemoteAppPairIT] other application's call setup (INVITE -> 200, average): "
                        + "%.1f ms alone, %.1f ms while a stuck application is flooded%n", baselineMs, loadedMs);
                assertTrue(loaded.allSucceeded(100), () -> "the other application's calls while one is stuck: "
                        + loaded + "\n" + loaded.report() + "\n" + other.tail());
                assertTrue(loadedMs < SETUP_BOUND.toMillis(), () -> "setup time of the other application's calls "
                        + loadedMs + " ms (bound " + SETUP_BOUND.toMillis() + " ms)");

                long drained = stuck.drainUntilClosed(Duration.ofSeconds(60));
                System.out.println("[RemoteAppPairIT] stuck application: connection closed by the node after "
                        + drained + " bytes queued for it");
                assertTrue(drained >= 0, () -> "the stuck application was not disconnected within 60 s\n"
                        + active.logTail());
                assertTrue(active.logContains("does not read its frames"),
                        () -> "the node logged the slow consumer\n" + active.logTail());

                // orphan.policy hangup: its calls end with a 480 (the later ones find no application).
                SippResult flooded = flood.await();
                System.out.println("[RemoteAppPairIT] calls offered to the stuck application: " + flooded);
                NodeStatusView clean = NodePair.awaitStatus(active, s -> s.liveCalls() == 0, Duration.ofSeconds(30));
                assertEquals(0, clean.liveCalls(), () -> "the stuck application's calls were hung up: " + clean.output());
            }
        }
    }

    @Test
    @Order(2)
    void killingTheActiveTheApplicationHangsUpEveryCallThroughTheNewActive() throws Exception {
        int count = 100;
        KarafNode active = remote.pair().active().orElseThrow(() -> new AssertionError("no ACTIVE node"));
        KarafNode passive = remote.pair().other(active);
        try (SampleAppProcess app = sampleApp("hangup", "--hangup-after-ms", "12000")) {
            SippRun run = SippRun.uac(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, 25, count, Duration.ofSeconds(120),
                    work().resolve("sipp-hangup")).withScenario(SystemTestSetup.scenario("remote-app-hangup.xml")
                    .toString()).withCallLimit(count).withExtraArgs("-s", "hangup");
            try (SippRunner.Running calls = sipp.start(run)) {
                NodeStatusView before = NodePair.awaitStatus(active, s -> s.confirmed() >= count, Duration.ofSeconds(30));
                assertEquals(count, before.confirmed(), () -> "calls up before the kill: " + before + "\n" + app.tail());
                assertEquals(0, app.counter("hungUp"), "no call hung up before the kill");

                active.jvm().orElseThrow().destroyForcibly();
                active.kill();
                killed = active;
                survivor = passive;
                NodeStatusView after = NodePair.awaitStatus(passive, NodeStatusView::isActive, Duration.ofSeconds(15));
                assertTrue(after.isActive(), () -> "the passive took over: " + after);

                SippResult result = calls.await();
                System.out.println("[RemoteAppPairIT] calls hung up by the remote application across the kill: "
                        + result);
                assertTrue(result.allSucceeded(count), () -> "every call hung up by the application through the new "
                        + "active: " + result + "\n" + result.report() + "\n" + app.tail() + "\n" + passive.logTail());
            }
            assertTrue(app.awaitCounter("hungUp", count, Duration.ofSeconds(10)), app::tail);
            assertEquals(1, app.count("TAKEOVER"), () -> "exactly one takeover callback\n" + app.tail());
            assertEquals(0, app.counter("failedCommands"), app::tail);
        }
    }

    @Test
    @Order(3)
    void callsOfferedButUnansweredAtTheKillAreAnsweredOnTheNewActive() throws Exception {
        assumeTrue(killed != null, "needs the takeover of the previous test");
        killed.relaunch();
        remote.pair().awaitFormed(Duration.ofSeconds(120));
        KarafNode active = remote.pair().active().orElseThrow(() -> new AssertionError("no ACTIVE node"));
        KarafNode passive = remote.pair().other(active);
        if (active != survivor) {
            System.out.println("[RemoteAppPairIT] NOTE: the rejoining node took the ACTIVE role from the survivor "
                    + "(see its log: a takeover right after joining PASSIVE)");
        }
        int count = 20;
        try (SampleAppProcess app = sampleApp("delay", "--answer-delay-ms", "9000")) {
            try (SippRunner.Running calls = sipp.start(calls("delay", 10, count, "delay", "-d", "1000").withCallLimit(count))) {
                assertTrue(app.awaitCounter("offered", count, Duration.ofSeconds(20)), app::tail);
                NodeStatusView before = active.console().status();
                assertTrue(before.confirmed() <= 0 && before.liveCalls() == count,
                        () -> "every call offered and none answered before the kill: " + before.output());

                active.jvm().orElseThrow().destroyForcibly();
                active.kill();
                NodeStatusView after = NodePair.awaitStatus(passive, NodeStatusView::isActive, Duration.ofSeconds(15));
                assertTrue(after.isActive(), () -> "the passive took over: " + after);

                SippResult result = calls.await();
                System.out.println("[RemoteAppPairIT] calls answered by the remote application after the kill: "
                        + result);
                assertTrue(result.allSucceeded(count), () -> "calls offered before the kill complete: " + result
                        + "\n" + result.report() + "\n" + app.tail() + "\n" + passive.logTail());
            }
            assertTrue(app.awaitCounter("answered", count, Duration.ofSeconds(5)), app::tail);
            assertEquals(count, app.counter("offered"), () -> "each call offered to the application once, although "
                    + "the new active offers the unanswered ones again\n" + app.tail());
            assertEquals(1, app.count("TAKEOVER"), () -> "exactly one takeover callback\n" + app.tail());
            assertEquals(0, app.counter("failedCommands"), app::tail);
        }
    }

    @Test
    @Order(4)
    void theSampleApplicationPlacesCallsThroughTheActive() throws Exception {
        int count = 5;
        SippRun answering = new SippRun(BASE.sipTarget(), SIPP_ADDRESS, SIPP_PORT, "u1", "uas", 1, count, 0,
                Duration.ofSeconds(60), List.of(), work().resolve("sipp-uas"));
        try (SippRunner.Running uas = sipp.start(answering);
                // The node killed by the previous test stays down: only the active is there to call through.
                SampleAppProcess app = sampleApp("caller", false, "--call", "sip:uas@" + SIPP_ADDRESS + ":" + SIPP_PORT,
                        "--from", "sip:caller@" + BASE.sipAddress(), "--call-count", Integer.toString(count),
                        "--hangup-after-ms", "500")) {
            SippResult result = uas.await();
            System.out.println("[RemoteAppPairIT] calls placed by the sample application, answered by SIPp: " + result);
            assertTrue(result.allSucceeded(count), () -> "calls placed by the application: " + result + "\n"
                    + result.report() + "\n" + app.tail());
            assertEquals(count, app.count("placed call"), app::tail);
            assertTrue(app.awaitCounter("hungUp", count, Duration.ofSeconds(10)), app::tail);
            assertEquals(0, app.counter("failedCommands"), app::tail);
        }
    }
}
