package org.dualsip.bench.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SippStatisticsTest {

    private static final String HEADER = "StartTime;LastResetTime;CurrentTime;ElapsedTime(P);ElapsedTime(C);"
            + "TargetRate;CallRate(P);CallRate(C);IncomingCall(P);IncomingCall(C);OutgoingCall(P);"
            + "OutgoingCall(C);TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);"
            + "FailedCall(C);FailedCannotSendMessage(P);";

    @Test
    void readsTheLastRowsCumulativeCounters() {
        List<String> csv = List.of(HEADER,
                "a;b;c;d;e;100;0;99;0;0;0;150;150;3;0;147;0;0;0;",
                "a;b;c;d;e;100;0;99;0;0;0;300;300;0;0;298;0;2;0;",
                "");
        SippStatistics.Counts counts = SippStatistics.parse(csv).orElseThrow();
        assertEquals(298, counts.successful());
        assertEquals(2, counts.failed());
    }

    @Test
    void nothingWithoutDataRowsOrColumns() {
        assertTrue(SippStatistics.parse(List.of(HEADER)).isEmpty());
        assertTrue(SippStatistics.parse(List.of("x;y", "1;2")).isEmpty());
    }
}
