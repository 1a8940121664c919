package org.dualsip.bench.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeStatusViewTest {

    @Test
    void readsAFlatStatusAmidConsoleNoise() {
        NodeStatusView view = NodeStatusView.parse("Welcome\n{\n  \"node\" : \"a\",\n  \"role\" : \"PASSIVE\",\n"
                + "  \"sync\" : \"IN_SYNC\", \"holdsAddress\" : false, \"liveCalls\" : 3,\n"
                + "  \"callsByState\" : { \"CONFIRMED\" : 2, \"RINGING\" : 1, \"ENDED\" : 9 } }\nkaraf@root()> ");
        assertTrue(view.isPassive());
        assertTrue(view.inSync());
        assertFalse(view.holdsAddress());
        assertEquals(3, view.liveCalls());
        assertEquals(2, view.confirmed());
    }

    @Test
    void readsThePairFactsFromANestedObjectAndCountsLiveCallsWhenNotGiven() {
        NodeStatusView view = NodeStatusView.parse("{\"role\":\"STANDALONE\",\"holdsAddress\":true,"
                + "\"pair\":{\"role\":\"ACTIVE\",\"peerRole\":\"PASSIVE\",\"syncState\":\"DEGRADED\"},"
                + "\"callsByState\":{\"CONFIRMED\":4,\"OFFERED\":1,\"ENDED\":7}}");
        assertTrue(view.isActive());
        assertEquals("DEGRADED", view.sync());
        assertTrue(view.holdsAddress());
        assertEquals(5, view.liveCalls());
    }

    @Test
    void anUnansweredConsoleGivesAnEmptyView() {
        NodeStatusView view = NodeStatusView.parse("Failed to get the session.");
        assertEquals("", view.role());
        assertFalse(view.isActive());
        assertFalse(view.inSync());
        assertEquals(-1, view.liveCalls());
    }
}
