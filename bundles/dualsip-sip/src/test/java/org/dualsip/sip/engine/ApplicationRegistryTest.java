package org.dualsip.sip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dualsip.api.call.CallApplication;
import org.junit.jupiter.api.Test;

class ApplicationRegistryTest {

    @Test
    void firstMatchByRankingThenAge() {
        ApplicationRegistry r = new ApplicationRegistry();
        CallApplication a = e -> { };
        CallApplication b = e -> { };
        CallApplication c = e -> { };
        r.add(a, "all", ".*", 0, 1);
        r.add(b, "digits", "sip:[0-9]+@.*", 10, 2);
        r.add(c, "all-later", ".*", 0, 3);
        assertEquals("digits", r.match("sip:123@x").orElseThrow().name());
        assertEquals("all", r.match("sip:bob@x").orElseThrow().name());
        r.remove(a);
        assertEquals("all-later", r.match("sip:bob@x").orElseThrow().name());
        r.remove(c);
        assertTrue(r.match("sip:bob@x").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> r.add(a, "", ".*", 0, 4));
    }
}
