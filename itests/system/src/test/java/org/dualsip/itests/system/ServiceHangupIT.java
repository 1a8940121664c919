package org.dualsip.itests.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The service side ends the call: a node whose demo application hangs up 1 s after answering; SIPp
 * must receive the BYE (within 5 s) on every call and answer it.
 */
class ServiceHangupIT {

    private static final NodeSettings SETTINGS = NodeSettings.of(8303, 1303, 44603, "127.0.0.32", 35062)
            .withDemo("hangup.after.ms", "1000");

    private static SippRunner sipp;
    private static KarafNode node;

    @BeforeAll
    static void bootNode() throws Exception {
        sipp = SystemTestSetup.sipp();
        node = new KarafNode(SystemTestSetup.distribution(), SystemTestSetup.work().resolve("node-b"), SETTINGS);
        node.start();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void everyCallGetsAByeFromTheServiceAndEndsCleanly() throws Exception {
        SippRun run = SippRun.uac(SETTINGS.sipTarget(), "127.0.0.31", 35063, 5, 10, Duration.ofSeconds(60),
                SystemTestSetup.work().resolve("sipp-service-hangup"))
                .withScenario(SystemTestSetup.scenario("service-hangup.xml").toString());
        SippResult result = sipp.run(run);
        assertTrue(result.allSucceeded(10), () -> "expected 10 calls ended by the service, got " + result + "\n"
                + result.report() + "\n" + node.logTail());
    }
}
