package org.dualsip.bench.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Against a real SIPp 3.6 message trace of one call of the benchmark scenario (180, 200, ACK, BYE). */
class SippMessageTraceTest {

    @Test
    void findsTheFirstInviteAndThe200OfEachCall() throws Exception {
        Map<String, SippMessageTrace.CallTimes> calls = SippMessageTrace.read(resource("sipp-messages.txt"),
                ZoneOffset.UTC);
        SippMessageTrace.CallTimes call = calls.get("bench-1");
        assertNotNull(call, "call keyed by its request-URI user: " + calls);
        assertEquals(Instant.parse("2026-11-26T12:04:06.977753Z"), call.inviteSent());
        assertEquals(Instant.parse("2026-11-26T12:04:06.979092Z"), call.okReceived(), "the 200 to the INVITE, "
                + "not the 180 nor the 200 to the BYE");
        assertEquals(1, calls.size());
    }

    @Test
    void percentilesByNearestRank() {
        Percentiles p = Percentiles.of(List.of(5L, 1L, 4L, 2L, 3L, 100L, 6L, 7L, 8L, 9L));
        assertEquals(10, p.count());
        assertEquals(5, p.p50());
        assertEquals(100, p.p99());
        assertEquals(100, p.max());
        assertEquals(-1, Percentiles.of(List.of()).p50());
    }

    @Test
    void theCallsUserComesFromItsRequestUri() {
        assertEquals("bench-12", LatencyRecorder.user("sip:bench-12@127.0.0.72:46062"));
        assertEquals("", LatencyRecorder.user(null));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SippMessageTraceTest.class.getResource("/connector/" + name).toURI());
    }

}
