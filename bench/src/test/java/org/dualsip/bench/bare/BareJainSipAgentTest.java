package org.dualsip.bench.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.OptionalInt;

import org.dualsip.bench.node.OptionsProbe;
import org.junit.jupiter.api.Test;

/** The real stack on loopback (inside the bench's reserved range), probed without SIPp. */
class BareJainSipAgentTest {

    @Test
    void answersOptionsWithOk() throws Exception {
        BareJainSipAgent agent = new BareJainSipAgent("127.0.0.36", 35070, 4);
        try {
            OptionalInt status = new OptionsProbe("127.0.0.36").probe("127.0.0.36", 35070, Duration.ofSeconds(5));
            assertEquals(OptionalInt.of(200), status);
        } finally {
            agent.stop();
        }
    }
}
