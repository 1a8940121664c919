package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.dualsip.bench.node.KarafNode;
import org.dualsip.bench.node.NodeSettings;
import org.dualsip.bench.sipp.SippResult;
import org.dualsip.bench.sipp.SippRun;
import org.dualsip.bench.sipp.SippRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Call transfer against one real node whose demo application accepts transfers ({@code transfer =
 * accept}), with SIPp scenarios of our own: REFER accepted (202 and the NOTIFYs 100, 180, 200 while the
 * demo's transfer call reaches a second SIPp acting as the target), REFER with a bad Refer-To (400, call
 * kept), an INVITE with Replaces naming a live call (the old call gets BYE), Replaces without a match (481).
 */
class TransferIT {

    private static final NodeSettings SETTINGS = NodeSettings.of(8721, 1721, 44721, "127.0.0.100", 47080)
            .withDemo("transfer", "accept");
    private static final String SIPP_ADDRESS = "127.0.0.101";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static SippRunner sipp;
    private static KarafNode node;

    @BeforeAll
    static void bootNode() throws Exception {
        sipp = SystemTestSetup.sipp();
        node = new KarafNode(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("transfer-node"), SETTINGS);
        node.start();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    private static SippRun scenario(String scenario, int port, int calls, String... extraArgs) {
        return SippRun.uac(SETTINGS.sipTarget(), SIPP_ADDRESS, port, 2, calls, TIMEOUT,
                        SystemTestSetup.work().resolve("sipp-" + scenario.replace(".xml", "")))
                .withScenario(SystemTestSetup.scenario(scenario).toString())
                .withExtraArgs(extraArgs);
    }

    private static void assertAllSucceeded(String what, SippResult result, int calls) {
        assertTrue(result.allSucceeded(calls), () -> what + ": expected " + calls + " successful calls and none failed,"
                + " got " + result + "\n" + result.report() + "\n" + node.logTail());
    }

    @Test
    void anAcceptedReferIsNotifiedWhileTheDemoCallsTheTarget() throws Exception {
        int calls = 3;
        try (SippRunner.Running target = sipp.start(scenario("transfer-target-uas.xml", 47082, calls))) {
            SippResult transferor = sipp.run(scenario("transfer-accepted.xml", 47081, calls,
                    "-key", "transfer_target", SIPP_ADDRESS + ":47082"));
            assertAllSucceeded("transferor", transferor, calls);
            assertAllSucceeded("transfer target", target.await(), calls);
        }
    }

    @Test
    void aReferWithABadReferToIsRefused400AndTheCallIsKept() throws Exception {
        assertAllSucceeded("bad Refer-To", sipp.run(scenario("transfer-bad-refer-to.xml", 47086, 3)), 3);
    }

    @Test
    void anInviteReplacingALiveCallEndsTheOldCallWithBye() throws Exception {
        Path replacesFile = SystemTestSetup.work().resolve("replaces-dialog.txt");
        Files.deleteIfExists(replacesFile);
        try (SippRunner.Running held = sipp.start(scenario("replaces-held.xml", 47083, 1,
                "-key", "replaces_file", replacesFile.toString()))) {
            String replaces = awaitLine(replacesFile, held);
            SippResult replacing = sipp.run(scenario("replaces-new.xml", 47084, 1, "-key", "replaces", replaces));
            assertAllSucceeded("replacing call", replacing, 1);
            assertAllSucceeded("replaced call (BYE with Reason)", held.await(), 1);
        }
    }

    /** The Replaces value the held call's SIPp writes once its call is confirmed (bounded wait). */
    private static String awaitLine(Path file, SippRunner.Running held) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String line = Files.readString(file).trim();
                if (!line.isEmpty()) {
                    return line;
                }
            }
            if (!held.isAlive()) {
                throw new AssertionError("the held call's SIPp ended early: " + held.await() + "\n" + node.logTail());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the held call never wrote its dialog to " + file + "\n" + node.logTail());
    }

    @Test
    void replacesWithoutAMatchIs481() throws Exception {
        assertAllSucceeded("Replaces without a match", sipp.run(scenario("replaces-no-match.xml", 47085, 3)), 3);
    }
}
