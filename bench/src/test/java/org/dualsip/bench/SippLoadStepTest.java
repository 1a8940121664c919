package org.dualsip.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.dualsip.bench.sipp.SippResult;
import org.junit.jupiter.api.Test;

class SippLoadStepTest {

    private static final Duration STEP = Duration.ofSeconds(8);

    private static SippResult result(int exit, long ok, long failed, long millis, boolean killed) {
        return new SippResult(exit, ok, failed, Duration.ofMillis(millis), killed, "");
    }

    @Test
    void passesWithOneFailureInTwoThousand() {
        assertTrue(SippLoadStep.passes(result(1, 1999, 1, 8500, false), 2000, STEP));
    }

    @Test
    void failsAtOneInAThousand() {
        assertFalse(SippLoadStep.passes(result(1, 999, 1, 8500, false), 1000, STEP));
    }

    @Test
    void failsWhenTheRunFellBehind() {
        assertFalse(SippLoadStep.passes(result(0, 2000, 0, 9100, false), 2000, STEP));
        assertTrue(SippLoadStep.passes(result(0, 2000, 0, 8900, false), 2000, STEP));
    }

    @Test
    void failsWhenCallsAreMissingOrSippWasKilled() {
        assertFalse(SippLoadStep.passes(result(0, 1500, 0, 8000, false), 2000, STEP));
        assertFalse(SippLoadStep.passes(result(-1, 2000, 0, 8000, true), 2000, STEP));
        assertFalse(SippLoadStep.passes(result(255, 2000, 0, 8000, false), 2000, STEP));
    }
}
