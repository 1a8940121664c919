package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.net.InetAddress;
import java.util.List;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressStatus;
import java.util.Map;
import org.dualsip.api.call.CallState;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.PairStatus;
import org.dualsip.api.pair.SyncState;
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

    @Test
    void withAPairTheRoleComesFromThePairAndThePairIsShown() {
        List<String> lines = new StatusReport(status(null), PairReportTest.active()).lines();

        assertEquals(List.of(
                "Node            : node-a",
                "Role            : ACTIVE",
                "Epoch           : 4",
                "Peer            : node-b (127.0.0.1:7801)",
                "Peer role       : PASSIVE",
                "Sync            : IN_SYNC",
                "Replication lag : 0.42 ms",
                "Service address : 127.0.0.10:5060",
                "Holds address   : yes",
                "Transports      : udp,tcp",
                "Calls           : 3 live (RINGING 1, CONFIRMED 2), 7 ended",
                "Uptime          : 1h 2m 3s",
                "Started at      : 2026-11-26T08:00:00Z",
                "Alarm           : none",
                "Role changes    : 2026-11-26T08:10:00.123Z  PASSIVE -> ACTIVE  (peer connection closed, epoch 4)",
                "                  2026-11-26T08:00:00Z  STARTING -> PASSIVE  (peer node-b is active (no preemption), "
                        + "epoch 3)"), lines);
    }

    @Test
    void theNodeNameIsThePairsConfiguredOne() {
        PairStatus named = new PairStatus("fip-a", Role.PASSIVE, 2, "127.0.0.1:7801", "node-b", Role.ACTIVE, SyncState.IN_SYNC,
                -1, List.of());
        StatusReport report = new StatusReport(status(null), named);

        assertEquals("Node            : fip-a", report.lines().get(0));
        assertEquals("fip-a", report.json().get("node"));
        assertEquals("PASSIVE", report.json().get("role"));
    }

    @Test
    void aPairWithoutRoleChangesSaysNone() {
        PairStatus alone = new PairStatus("node-a", Role.STANDALONE, 1, "", null, null, SyncState.NO_PEER, -1, List.of());
        List<String> lines = new StatusReport(status(null), alone).lines();

        assertTrue(lines.contains("Role changes    : none"), lines.toString());
        assertTrue(lines.contains("Peer            : none"), lines.toString());
    }

    @Test
    void thePairAloneIsShownWhenSipIsNotRunning() throws Exception {
        StatusReport report = new StatusReport(null, PairReportTest.active());
        List<String> lines = report.lines();

        assertEquals("Node            : node-a", lines.get(0));
        assertTrue(lines.contains("Alarm           : dualsip SIP service is not running"), lines.toString());
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("Service address")), lines.toString());

        JsonNode json = new ObjectMapper().readTree(JsonText.of(report.json()));
        assertEquals("ACTIVE", json.get("role").asText());
        assertFalse(json.get("holdsAddress").asBoolean());
        assertEquals(0, json.get("callsByState").get("CONFIRMED").asLong());
        assertEquals("dualsip SIP service is not running", json.get("alarm").asText());
    }

    @Test
    void jsonWithAPairHasThePairFieldsAndWithoutNulls() throws Exception {
        JsonNode paired = new ObjectMapper().readTree(JsonText.of(
                new StatusReport(status(null), PairReportTest.active()).json()));
        assertEquals("ACTIVE", paired.get("role").asText());
        assertEquals(4, paired.get("epoch").asLong());
        assertEquals("IN_SYNC", paired.get("sync").asText());
        assertEquals(2, paired.get("roleChanges").size());

        JsonNode alone = new ObjectMapper().readTree(JsonText.of(new StatusReport(status(null)).json()));
        assertEquals("STANDALONE", alone.get("role").asText());
        assertTrue(alone.get("epoch").isNull() && alone.get("sync").isNull(), alone.toString());
        assertEquals(0, alone.get("roleChanges").size());
    }

    static FloatingAddressStatus floating(boolean held, String alarm) throws Exception {
        return new FloatingAddressStatus("linux", new FloatingAddress(InetAddress.getByName("10.97.0.100"), 24, "eth0"),
                held, alarm, held ? Instant.parse("2026-11-26T08:10:00.125Z") : null,
                held ? "no answer within 100 ms" : "answered by 02:00:00:00:00:99 (10.97.0.100)");
    }

    @Test
    void theFloatingAddressLinesShowTheDriverTheProbeAndItsAlarm() throws Exception {
        List<String> lines = new StatusReport(status(null), null,
                floating(false, "cannot acquire 10.97.0.100 with driver linux: 10.97.0.100 is in use on the LAN")).lines();

        assertTrue(lines.contains("Address driver  : linux (10.97.0.100/24 on eth0, not held)"), lines.toString());
        assertTrue(lines.contains("Last announce   : -"), lines.toString());
        assertTrue(lines.contains("Address probe   : answered by 02:00:00:00:00:99 (10.97.0.100)"), lines.toString());
        assertTrue(lines.contains("Address alarm   : cannot acquire 10.97.0.100 with driver linux: "
                + "10.97.0.100 is in use on the LAN"), lines.toString());
        assertTrue(lines.indexOf("Holds address   : yes") < lines.indexOf("Address alarm   : cannot acquire 10.97.0.100 "
                + "with driver linux: 10.97.0.100 is in use on the LAN"), lines.toString());
    }

    @Test
    void theFloatingAddressIsAJsonObjectOrNull() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonText.of(
                new StatusReport(status(null), null, floating(true, null)).json()));
        JsonNode address = json.get("floatingAddress");
        assertEquals("linux", address.get("driver").asText());
        assertEquals("10.97.0.100", address.get("address").asText());
        assertEquals(24, address.get("prefix").asInt());
        assertEquals("eth0", address.get("interface").asText());
        assertTrue(address.get("held").asBoolean());
        assertEquals("2026-11-26T08:10:00.125Z", address.get("lastAnnounce").asText());
        assertEquals("no answer within 100 ms", address.get("probeResult").asText());
        assertTrue(address.get("alarm").isNull());

        JsonNode without = new ObjectMapper().readTree(JsonText.of(new StatusReport(status(null)).json()));
        assertTrue(without.get("floatingAddress").isNull());
    }
}
