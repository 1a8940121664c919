package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.Direction;
import org.junit.jupiter.api.Test;

class CallsReportTest {

    static final Instant NOW = Instant.parse("2026-11-26T09:00:00Z");

    static Call call(String id, Direction direction, CallState state, Instant createdAt) {
        return new Call(id, direction, "sip:alice@127.0.0.1", "sip:demo@127.0.0.10", "sip:demo@127.0.0.10",
                state, null, null, "demo", createdAt);
    }

    static final List<Call> CALLS = List.of(
            call("b", Direction.INBOUND, CallState.CONFIRMED, NOW.minusSeconds(90)),
            call("a", Direction.OUTBOUND, CallState.RINGING, NOW.minusSeconds(3)),
            call("c", Direction.INBOUND, CallState.CONFIRMED, NOW.minusSeconds(3700)));

    @Test
    void oneRowPerCallOldestFirst() {
        List<List<String>> rows = new CallsReport(CALLS, NOW, Optional.empty()).rows();

        assertEquals(List.of(
                List.of("c", "INBOUND", "sip:alice@127.0.0.1", "sip:demo@127.0.0.10", "CONFIRMED", "1h 1m 40s"),
                List.of("b", "INBOUND", "sip:alice@127.0.0.1", "sip:demo@127.0.0.10", "CONFIRMED", "1m 30s"),
                List.of("a", "OUTBOUND", "sip:alice@127.0.0.1", "sip:demo@127.0.0.10", "RINGING", "3s")), rows);
        assertEquals(CallsReport.COLUMNS.size(), rows.get(0).size());
    }

    @Test
    void filtersByState() {
        CallsReport ringing = new CallsReport(CALLS, NOW, CallsReport.parseState("ringing"));
        assertEquals(1, ringing.rows().size());
        assertEquals("a", ringing.rows().get(0).get(0));

        assertTrue(new CallsReport(CALLS, NOW, Optional.of(CallState.OFFERED)).isEmpty());
    }

    @Test
    void anUnknownStateNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CallsReport.parseState("talking"));
        assertTrue(e.getMessage().contains("talking") && e.getMessage().contains("CONFIRMED"), e.getMessage());
        assertEquals(Optional.empty(), CallsReport.parseState(" "));
        assertEquals(Optional.empty(), CallsReport.parseState(null));
    }

    @Test
    void jsonCarriesAgesAndTimesForScripts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                JsonText.of(new CallsReport(CALLS, NOW, Optional.empty()).json()));

        assertEquals(3, json.size());
        JsonNode first = json.get(0);
        assertEquals("c", first.get("id").asText());
        assertEquals("INBOUND", first.get("direction").asText());
        assertEquals("CONFIRMED", first.get("state").asText());
        assertEquals(3_700_000, first.get("ageMs").asLong());
        assertEquals("1h 1m 40s", first.get("age").asText());
        assertEquals(NOW.minusSeconds(3700).toString(), first.get("createdAt").asText());
        assertEquals("demo", first.get("application").asText());
    }

    @Test
    void aCallFromTheFutureHasAgeZero() {
        CallsReport report = new CallsReport(
                List.of(call("x", Direction.INBOUND, CallState.OFFERED, NOW.plusMillis(5))), NOW, Optional.empty());
        assertEquals("0ms", report.rows().get(0).get(5));
        assertEquals(0L, report.json().get(0).get("ageMs"));
    }
}
