package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.PairStatus;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.SyncState;
import org.junit.jupiter.api.Test;

class PairReportTest {

    static final List<RoleChange> CHANGES = List.of(
            new RoleChange(Role.PASSIVE, Role.ACTIVE, "peer connection closed", 4,
                    Instant.parse("2026-11-26T08:10:00.123456Z")),
            new RoleChange(Role.STARTING, Role.PASSIVE, "peer node-b is active (no preemption)", 3,
                    Instant.parse("2026-11-26T08:00:00Z")));

    static PairStatus active() {
        return new PairStatus("node-a", Role.ACTIVE, 4, "127.0.0.1:7801", "node-b", Role.PASSIVE, SyncState.IN_SYNC, 421,
                CHANGES);
    }

    @Test
    void aPairAlarmIsShownWhenThereIsOne() {
        PairStatus refused = new PairStatus("node-a", Role.STARTING, 0, "127.0.0.1:7801", null, null,
                SyncState.DEGRADED, -1, List.of(), "peer refused: node b belongs to cluster 'x', this node to 'dualsip'");
        assertEquals("peer refused: node b belongs to cluster 'x', this node to 'dualsip'",
                new PairReport(refused).fields().get("Pair alarm"));
        assertEquals(refused.alarm(), new PairReport(refused).json().get("alarm"));
        assertNull(new PairReport(active()).fields().get("Pair alarm"), "no line when all is well");
    }

    @Test
    void fieldsShowThePeerTheSyncAndTheLag() {
        assertEquals(Map.of("Epoch", "4", "Peer", "node-b (127.0.0.1:7801)", "Peer role", "PASSIVE", "Sync", "IN_SYNC",
                "Replication lag", "0.42 ms"), new PairReport(active()).fields());
    }

    @Test
    void aStandaloneNodeHasNoPeerAndNoLag() {
        PairStatus alone = new PairStatus("node-a", Role.STANDALONE, 1, "", null, null, SyncState.NO_PEER, -1, List.of());
        Map<String, String> fields = new PairReport(alone).fields();

        assertEquals("none", fields.get("Peer"));
        assertEquals("-", fields.get("Peer role"));
        assertEquals("NO_PEER", fields.get("Sync"));
        assertEquals("-", fields.get("Replication lag"));
    }

    @Test
    void aPeerNotHeardYetHasAnUnknownRole() {
        PairStatus waiting = new PairStatus("node-a", Role.STARTING, 0, "127.0.0.1:7801", null, null, SyncState.DEGRADED,
                -1, List.of());
        assertEquals("unknown", new PairReport(waiting).fields().get("Peer role"));
    }

    @Test
    void lagHasTwoDecimals() {
        assertEquals("0.00 ms", PairReport.lagText(0));
        assertEquals("1.23 ms", PairReport.lagText(1234));
        assertEquals("12.35 ms", PairReport.lagText(12_345));
        assertEquals(1.23, PairReport.lagMillis(1234));
        assertNull(PairReport.lagMillis(-1));
    }

    @Test
    void roleChangeLinesAreNewestFirstWithTimeReasonAndEpoch() {
        assertEquals(List.of(
                "2026-11-26T08:10:00.123Z  PASSIVE -> ACTIVE  (peer connection closed, epoch 4)",
                "2026-11-26T08:00:00Z  STARTING -> PASSIVE  (peer node-b is active (no preemption), epoch 3)"),
                new PairReport(active()).roleChangeLines());
    }

    @Test
    void textShowsFiveChangesJsonShowsAll() throws Exception {
        List<RoleChange> many = new ArrayList<>();
        for (int epoch = 8; epoch >= 1; epoch--) {
            many.add(new RoleChange(Role.PASSIVE, Role.ACTIVE, "takeover " + epoch, epoch,
                    Instant.parse("2026-11-26T08:00:00Z").plusSeconds(epoch)));
        }
        PairStatus status = new PairStatus("node-a", Role.ACTIVE, 8, "127.0.0.1:7801", "node-b", Role.PASSIVE,
                SyncState.IN_SYNC, 10, many);
        PairReport report = new PairReport(status);

        assertEquals(5, report.roleChangeLines().size());
        assertTrue(report.roleChangeLines().get(0).contains("takeover 8"), report.roleChangeLines().toString());
        JsonNode json = new ObjectMapper().readTree(JsonText.of(report.json()));
        assertEquals(8, json.get("roleChanges").size());
        assertEquals(8, json.get("roleChanges").get(0).get("epoch").asLong());
    }

    @Test
    void jsonHasEveryPairField() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonText.of(new PairReport(active()).json()));

        assertEquals(4, json.get("epoch").asLong());
        assertEquals("127.0.0.1:7801", json.get("peer").asText());
        assertEquals("PASSIVE", json.get("peerRole").asText());
        assertEquals("IN_SYNC", json.get("sync").asText());
        assertEquals(0.42, json.get("replicationLagMs").asDouble());
        JsonNode newest = json.get("roleChanges").get(0);
        assertEquals("2026-11-26T08:10:00.123Z", newest.get("at").asText());
        assertEquals("PASSIVE", newest.get("from").asText());
        assertEquals("ACTIVE", newest.get("to").asText());
        assertEquals("peer connection closed", newest.get("reason").asText());
        assertEquals(4, newest.get("epoch").asLong());
    }

    @Test
    void jsonOfAStandaloneNodeHasNullPeerAndLag() throws Exception {
        PairStatus alone = new PairStatus("node-a", Role.STANDALONE, 1, "", null, null, SyncState.NO_PEER, -1, List.of());
        JsonNode json = new ObjectMapper().readTree(JsonText.of(new PairReport(alone).json()));

        assertTrue(json.get("peer").isNull());
        assertTrue(json.get("peerRole").isNull());
        assertTrue(json.get("replicationLagMs").isNull());
        assertEquals(0, json.get("roleChanges").size());
    }
}
