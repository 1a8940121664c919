package org.dualsip.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SwitchoverReportTest {

    @Test
    void doneNamesThisNodeAndTheNextEpoch() throws Exception {
        SwitchoverReport report = SwitchoverReport.done(PairReportTest.active());

        assertEquals("switchover done: node-a is now PASSIVE, peer takes over in epoch 5", report.text());
        JsonNode json = new ObjectMapper().readTree(JsonText.of(report.json()));
        assertTrue(json.get("ok").asBoolean());
        assertEquals("node-a", json.get("node").asText());
        assertEquals("PASSIVE", json.get("role").asText());
        assertEquals(5, json.get("peerEpoch").asLong());
        assertTrue(json.get("reason").isNull());
    }

    @Test
    void aRefusalKeepsThePairsReasonWithoutRepeatingThePrefix() throws Exception {
        SwitchoverReport report = SwitchoverReport.refused(PairReportTest.active(),
                "switchover refused: the peer is not IN_SYNC (sync state SYNCING)");

        assertEquals("switchover refused: the peer is not IN_SYNC (sync state SYNCING)", report.text());
        JsonNode json = new ObjectMapper().readTree(JsonText.of(report.json()));
        assertFalse(json.get("ok").asBoolean());
        assertEquals("the peer is not IN_SYNC (sync state SYNCING)", json.get("reason").asText());
        assertEquals(4, json.get("epoch").asLong());
        assertTrue(json.get("peerEpoch").isNull());
    }

    @Test
    void otherFailuresReadAsOneSentence() {
        assertEquals("switchover refused: did not complete within 5 s",
                SwitchoverReport.refused(null, "switchover did not complete within 5 s").text());
        assertEquals("switchover refused: java.lang.RuntimeException: boom",
                SwitchoverReport.refused(null, "switchover failed: java.lang.RuntimeException: boom").text());
        assertEquals("switchover refused: no reason given", SwitchoverReport.refused(null, null).text());
    }

    @Test
    void withoutAPairServiceItSaysWhy() {
        SwitchoverReport report = SwitchoverReport.noPair();

        assertFalse(report.ok());
        assertNull(report.node());
        assertTrue(report.text().startsWith("switchover refused: the pair service is not running"), report.text());
    }
}
