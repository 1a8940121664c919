package org.dualsip.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {

    static final Path DIR = Path.of("/tmp/x");

    @Test
    void defaults() {
        SyncSettings s = SyncSettings.from(Map.of(), DIR);
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals(7800, s.bindPort());
        assertFalse(s.hasPeer());
        assertEquals("", s.peer());
        assertEquals(100, s.priority());
        assertEquals(100, s.heartbeatIntervalMs());
        assertEquals(500, s.heartbeatTimeoutMs());
        assertEquals(50, s.replicationTimeoutMs());
        assertEquals(DIR, s.epochDir());
        assertFalse(s.nodeName().isEmpty());
    }

    @Test
    void readsEveryKey() {
        SyncSettings s = SyncSettings.from(Map.of("node.name", "n1", "bind.port", "7900", "peer", "10.0.0.2:7801",
                "priority", 5, "replication.timeout.ms", "20", "epoch.dir", "/var/x"), DIR);
        assertTrue(s.hasPeer());
        assertEquals("10.0.0.2", s.peerHost());
        assertEquals(7801, s.peerPort());
        assertEquals("10.0.0.2:7801", s.peer());
        assertEquals(5, s.priority());
        assertEquals(20, s.replicationTimeoutMs());
        assertEquals(Path.of("/var/x"), s.epochDir());
    }

    @Test
    void anEmptyNodeNameMeansTheHostName() {
        assertEquals(SyncSettings.from(Map.of(), DIR).nodeName(),
                SyncSettings.from(Map.of("node.name", " "), DIR).nodeName());
    }

    @Test
    void badValuesNameThePidAndTheKey() {
        assertBad(Map.of("bind.port", "seventy"), "'bind.port'");
        assertBad(Map.of("bind.port", "70000"), "'bind.port'");
        assertBad(Map.of("peer", "hostonly"), "'peer'");
        assertBad(Map.of("peer", "host:0"), "'peer'");
        assertBad(Map.of("peer", "bad host:80"), "'peer'");
        assertBad(Map.of("replication.timeout.ms", "-1"), "'replication.timeout.ms'");
        assertBad(Map.of("heartbeat.interval.ms", "300", "heartbeat.timeout.ms", "400"), "'heartbeat.timeout.ms'");
    }

    private static void assertBad(Map<String, ?> props, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyncSettings.from(props, DIR));
        assertTrue(e.getMessage().startsWith("org.dualsip.sync: key " + key), e.getMessage());
    }
}
