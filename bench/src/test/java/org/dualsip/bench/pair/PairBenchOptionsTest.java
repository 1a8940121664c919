package org.dualsip.bench.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class PairBenchOptionsTest {

    @Test
    void defaultsStayInTheReservedRangeAndBudget() {
        PairBenchOptions options = PairBenchOptions.parse("--pair");
        assertEquals(Path.of("target/bench-pair.txt"), options.results());
        assertEquals(3, options.repeats());
        assertEquals(2000, options.mirrorCalls());
        assertEquals(Duration.ofSeconds(690), options.totalBudget());
        assertEquals("127.0.0.70:46060", PairBenchOptions.standalone().sipTarget());
        assertEquals("127.0.0.71:46060", PairBenchOptions.pairBase().sipTarget());
        assertEquals(8601, PairBenchOptions.standalone().sshPort());
        assertEquals("false", PairBenchOptions.pairBase().demo().get("ring"));
    }

    @Test
    void optionsOverrideDefaults() {
        PairBenchOptions options = PairBenchOptions.parse("--results", "x.txt", "--pair", "--repeats", "1",
                "--mirror-calls", "500");
        assertEquals(Path.of("x.txt"), options.results());
        assertEquals(1, options.repeats());
        assertEquals(500, options.mirrorCalls());
    }

    @Test
    void refusesUnknownOrIncompleteOptions() {
        assertThrows(IllegalArgumentException.class, () -> PairBenchOptions.parse("--pair", "--repeats"));
        assertThrows(IllegalArgumentException.class, () -> PairBenchOptions.parse("--repeats", "many"));
        assertThrows(IllegalArgumentException.class, () -> PairBenchOptions.parse("stray"));
    }
}
