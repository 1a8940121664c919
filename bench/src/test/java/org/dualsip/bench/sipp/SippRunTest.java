package org.dualsip.bench.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class SippRunTest {

    private final SippRun uac = SippRun.uac("127.0.0.30:35060", "127.0.0.31", 35061, 50, 500,
            Duration.ofSeconds(40), Path.of("/tmp/x"));

    @Test
    void builtInScenarioUsesSnAndBoundsTheRun() {
        List<String> args = uac.arguments();
        assertEquals("127.0.0.30:35060", args.get(0));
        assertTrue(Collections.indexOfSubList(args, List.of("-sn", "uac")) >= 0);
        assertTrue(Collections.indexOfSubList(args, List.of("-m", "500")) >= 0);
        assertTrue(Collections.indexOfSubList(args, List.of("-timeout", "40s", "-timeout_error")) >= 0);
        assertTrue(Collections.indexOfSubList(args, List.of("-t", "u1")) >= 0);
    }

    @Test
    void scenarioFileUsesSfAndExtraArgsComeLast() {
        List<String> args = uac.withScenario("/x/reinvite.xml").withTransport("t1").withExtraArgs("-d", "100")
                .arguments();
        assertTrue(Collections.indexOfSubList(args, List.of("-sf", "/x/reinvite.xml")) >= 0);
        assertTrue(Collections.indexOfSubList(args, List.of("-t", "t1")) >= 0);
        assertEquals(List.of("-d", "100"), args.subList(args.size() - 2, args.size()));
    }
}
