package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dualsip.api.call.CallState;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.Role;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    static NodeStatus status(String alarm) {
        return new NodeStatus("node-a", Role.STANDALONE, "127.0.0.10:5060", true, "udp,tcp",
                Map.of(CallState.RINGING, 1L, CallState.CONFIRMED, 2L, CallState.ENDED, 7L),
                Instant.parse("2026-11-26T08:00:00Z"), Duration.ofSeconds(3723), alarm);
    }

    @Test
    void linesAreAlignedAndComplete() {
        List<String> lines = new StatusReport(status(null)).lines();

        assertEquals(List.of(
                "Node            : node-a",
                "Role            : STANDALONE",
                "Service address : 127.0.0.10:5060",
                "Holds address   : yes",
                "Transports      : udp,tcp",
                "Calls           : 3 live (RINGING 1, CONFIRMED 2), 7 ended",
                "Uptime          : 1h 2m 3s",
                "Started at      : 2026-11-26T08:00:00Z",
                "Alarm           : none"), lines);
    }

    @Test
    void aNodeNotListeningShowsDashesAndItsAlarm() {
        NodeStatus idle = new NodeStatus("node-a", Role.STANDALONE, "127.0.0.10:5060", false, "", Map.of(),
                Instant.parse("2026-11-26T08:00:00Z"), Duration.ofSeconds(5), "driver linux not available");
        List<String> lines = new StatusReport(idle).lines();

        assertTrue(lines.contains("Holds address   : no"), lines.toString());
        assertTrue(lines.contains("Transports      : -"), lines.toString());
        assertTrue(lines.contains("Calls           : 0 live"), lines.toString());
        assertTrue(lines.contains("Alarm           : driver linux not available"), lines.toString());
    }

    @Test
    void jsonHasEveryStateAndMachineReadableTimes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonText.of(new StatusReport(status("x")).json()));

        assertEquals("node-a", json.get("node").asText());
        assertEquals("STANDALONE", json.get("role").asText());
        assertEquals("127.0.0.10:5060", json.get("serviceAddress").asText());
        assertTrue(json.get("holdsAddress").asBoolean());
        assertEquals("udp,tcp", json.get("transports").asText());
        assertEquals(3, json.get("liveCalls").asLong());
        assertEquals(CallState.values().length, json.get("callsByState").size());
        assertEquals(0, json.get("callsByState").get("OFFERED").asLong());
        assertEquals(2, json.get("callsByState").get("CONFIRMED").asLong());
        assertEquals(3723000, json.get("uptimeMs").asLong());
        assertEquals("1h 2m 3s", json.get("uptime").asText());
        assertEquals("2026-11-26T08:00:00Z", json.get("startedAt").asText());
        assertEquals("x", json.get("alarm").asText());
    }

    @Test
    void noAlarmIsJsonNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonText.of(new StatusReport(status(null)).json()));
        assertTrue(json.get("alarm").isNull());
    }
}
