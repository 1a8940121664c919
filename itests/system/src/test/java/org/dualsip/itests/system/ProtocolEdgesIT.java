package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodePair;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.dualsip.client.DualsipClient;
import org.dualsip.client.RemoteCall;
import org.dualsip.client.RemoteCallEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's protocol edges against one real node (SIP 127.0.0.130:47110, connector 127.0.0.130:47119)
 * with SIPp scenarios of our own on 127.0.0.131:47111-47114; the application is this test, through the
 * connector with the Java client, so that it decides when to ring, answer, transfer and hang up.
 * PRACK errors with the service as UAS (RFC 3262 3): PRACKs matching no unacknowledged reliable
 * provisional (an RSeq not sent yet, the wrong INVITE CSeq in RAck, the right PRACK repeated in a new
 * transaction) get 481 and leave the call as it was. REFER with the service as transferor (RFC 3515):
 * accepted (202, NOTIFY 100 active, NOTIFY 200 terminated) and refused (603), each reported to the
 * application as TransferStatus events, the call kept until the application hangs up.
 */
class ProtocolEdgesIT {

    private static final NodeSettings SETTINGS = NodeSettings.of(8741, 1741, 44741, "127.0.0.130", 47110)
            .withDemo("pattern", "sip:demo@.*");
    private static final String CONNECTOR_ADDRESS = "127.0.0.130";
    private static final int CONNECTOR_PORT = 47119;
    private static final String TOKEN = "protocol-edges-it-token-0123456789";
    private static final String SIPP_ADDRESS = "127.0.0.131";
    private static final String APP_URI = "sip:edges@" + SETTINGS.sipAddress();
    /** The scenarios check this Refer-To; nothing listens there (the transferee is SIPp's part). */
    private static final String TRANSFER_TARGET = "sip:carol@" + SIPP_ADDRESS + ":47113";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String SDP = "v=0\r\no=edges 1 1 IN IP4 127.0.0.130\r\ns=-\r\nc=IN IP4 127.0.0.130\r\n"
            + "t=0 0\r\nm=audio 6010 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";

    private static final RecordedEvents EVENTS = new RecordedEvents();
    /** Every TransferStatus in arrival order (RecordedEvents answers "the first such", not "all"). */
    private static final List<RemoteCallEvent.TransferStatus> STATUSES = new CopyOnWriteArrayList<>();

    private static SippRunner sipp;
    private static KarafNode node;
    private static DualsipClient client;

    @BeforeAll
    static void boot() throws Exception {
        sipp = SystemTestSetup.sipp();
        node = new KarafNode(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("protocol-edges/node"),
                SETTINGS).withConfig("org.dualsip.connector", Map.of("enabled", "true", "address", CONNECTOR_ADDRESS,
                        "port", Integer.toString(CONNECTOR_PORT), "token", TOKEN));
        node.start();
        client = DualsipClient.builder().node(CONNECTOR_ADDRESS, CONNECTOR_PORT).application("edges").token(TOKEN)
                .patterns("sip:edges-.*@.*").listener(event -> {
                    if (event instanceof RemoteCallEvent.TransferStatus status) {
                        STATUSES.add(status);
                    }
                    EVENTS.onEvent(event);
                }).build().start();
        client.whenActive().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (node != null) {
                node.stop();
            }
        }
    }

    @AfterEach
    void noCallLeftOnTheNode() throws Exception {
        assertTrue(NodePair.awaitStatus(node, s -> s.liveCalls() == 0, STEP).liveCalls() == 0,
                () -> "calls left on the node\n" + node.logTail());
    }

    @Test
    void prackMatchingNoUnacknowledgedProvisionalGets481AndTheCallGoesOn() throws Exception {
        Path work = workDir("prack-errors");
        Path marker = work.resolve("repeated-prack-answered.txt");
        Files.createDirectories(work);
        Files.deleteIfExists(marker);
        SippRun run = SippRun.uac(SETTINGS.sipTarget(), SIPP_ADDRESS, 47114, 1, 1, Duration.ofSeconds(60), work)
                .withScenario(SystemTestSetup.scenario("prack-errors.xml").toString())
                .withExtraArgs("-s", "edges-prack", "-key", "marker_file", marker.toString());
        try (SippRunner.Running caller = sipp.start(run)) {
            String id = EVENTS.expectOffer("sip:edges-prack@", STEP).call().id();
            done(client.ring(id, 180, null)); // reliable: the INVITE requires 100rel
            awaitFile(marker, caller);
            // every PRACK is answered; the call is still there, unanswered, and takes the answer
            assertTrue(EVENTS.await(e -> e.call().id().equals(id) && e instanceof RemoteCallEvent.Ended,
                    Duration.ZERO).isEmpty(), () -> "the call ended: " + EVENTS.describe(id));
            done(client.answer(id, SDP));
            EVENTS.expect(id, RemoteCallEvent.Confirmed.class, STEP);
            EVENTS.expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("REMOTE_HANGUP"), STEP);
            assertSippPassed(caller);
        }
    }

    @Test
    void anAcceptedReferIsReportedWith202AndEachNotifysStatusAndTheCallIsKept() throws Exception {
        try (SippRunner.Running uas = uas("uas-refer-accepted.xml", 47111)) {
            String id = placeAndConfirm(47111);
            done(client.transfer(id, TRANSFER_TARGET));
            RemoteCallEvent.TransferStatus last = EVENTS.expect(id, RemoteCallEvent.TransferStatus.class,
                    RemoteCallEvent.TransferStatus::finished, STEP);
            assertEquals(List.of("202", "100", "200 finished"), statuses(id), "the REFER's 202, then each NOTIFY");
            assertEquals(RemoteCall.State.CONFIRMED, last.call().state(), "a transferor's call goes on");
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    @Test
    void aRefusedReferIsReportedWith603AndTheCallIsKept() throws Exception {
        try (SippRunner.Running uas = uas("uas-refer-refused.xml", 47112)) {
            String id = placeAndConfirm(47112);
            done(client.transfer(id, TRANSFER_TARGET));
            RemoteCallEvent.TransferStatus refused = EVENTS.expect(id, RemoteCallEvent.TransferStatus.class, STEP);
            assertEquals(List.of("603 finished"), statuses(id));
            assertEquals(RemoteCall.State.CONFIRMED, refused.call().state());
            assertTrue(client.fetchCalls().get(10, TimeUnit.SECONDS).stream().anyMatch(c -> c.id().equals(id)
                    && c.state() == RemoteCall.State.CONFIRMED), "the node still has the call, confirmed");
            hangUpAndExpectSippPassed(id, uas);
        }
    }

    private static String placeAndConfirm(int sippPort) throws Exception {
        String id = done(client.placeCall(APP_URI, "sip:uas@" + SIPP_ADDRESS + ":" + sippPort, SDP, Map.of()));
        EVENTS.expect(id, RemoteCallEvent.Confirmed.class, STEP);
        return id;
    }

    /** The call's TransferStatus events so far, e.g. ["202", "100", "200 finished"]. */
    private static List<String> statuses(String id) {
        return STATUSES.stream().filter(s -> s.call().id().equals(id))
                .map(s -> s.code() + (s.finished() ? " finished" : "")).toList();
    }

    private static void hangUpAndExpectSippPassed(String id, SippRunner.Running sippRun) throws Exception {
        done(client.hangUp(id));
        EVENTS.expect(id, RemoteCallEvent.Ended.class, e -> e.reason().equals("LOCAL_HANGUP"), STEP);
        assertSippPassed(sippRun);
    }

    private static void assertSippPassed(SippRunner.Running sippRun) throws Exception {
        SippResult result = sippRun.await();
        assertTrue(result.allSucceeded(1), () -> "SIPp's verdict: " + result + "\n" + result.report() + "\n"
                + node.logTail());
    }

    private static <T> T done(CompletableFuture<T> command) throws Exception {
        return command.get(10, TimeUnit.SECONDS);
    }

    /** Waits (bounded) for the file SIPp writes at a point of its scenario. */
    private static void awaitFile(Path file, SippRunner.Running sippRun) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!Files.exists(file)) {
            if (!sippRun.isAlive()) {
                throw new AssertionError("SIPp ended before writing " + file + ": " + sippRun.await().report()
                        + "\n" + node.logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("SIPp never wrote " + file + "\n" + node.logTail());
            }
            Thread.sleep(50);
        }
    }

    /** Starts a one-call SIPp UAS scenario and waits (bounded) until it listens. */
    private static SippRunner.Running uas(String scenario, int port) throws Exception {
        return SippUas.start(sipp, SETTINGS.sipTarget(), SIPP_ADDRESS, port, scenario, Duration.ofSeconds(45), List.of(),
                workDir(scenario.replace(".xml", "")));
    }

    private static Path workDir(String label) {
        return SystemTestSetup.work().resolve("protocol-edges/sipp-" + label);
    }
}
