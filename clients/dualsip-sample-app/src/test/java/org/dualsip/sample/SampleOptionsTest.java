package org.dualsip.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SampleOptionsTest {

    @Test
    void parsesTheBriefsCommandLine() {
        SampleOptions options = SampleOptions.parse(new String[] {"--nodes", "127.0.0.1:7001,127.0.0.1:7002",
            "--token", "T0123456789abcdef", "--name", "sample", "--answer-delay-ms", "200", "--hangup-after-ms",
            "5000", "--call", "sip:x@h", "--from", "sip:y@h", "--no-ring"}, Map.of());
        assertEquals("127.0.0.1:7001,127.0.0.1:7002", options.nodes());
        assertEquals(200, options.answerDelayMs());
        assertEquals(5000, options.hangupAfterMs());
        assertEquals("sip:x@h", options.callTo());
        assertEquals("sip:y@h", options.callFrom());
        assertTrue(options.noRing());
        assertEquals(List.of(".*"), options.patterns(), "takes every call by default");
    }

    @Test
    void theTokenComesFromTheEnvironmentWhenNotGiven() {
        assertEquals("from-env", SampleOptions.parse(new String[0], Map.of("DUALSIP_TOKEN", "from-env")).token());
        assertThrows(IllegalArgumentException.class, () -> SampleOptions.parse(new String[0], Map.of()));
    }

    @Test
    void badValuesAreRefusedWithTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleOptions.parse(new String[] {"--token", "t", "--answer-delay-ms", "soon"}, Map.of()));
        assertTrue(e.getMessage().contains("--answer-delay-ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SampleOptions.parse(new String[] {"--token", "t", "--bogus", "1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SampleOptions.parse(new String[] {"--token"}, Map.of()));
    }
}
