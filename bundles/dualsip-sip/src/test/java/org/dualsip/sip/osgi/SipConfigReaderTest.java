package org.dualsip.sip.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dualsip.sip.stack.StackSettings;
import org.junit.jupiter.api.Test;

class SipConfigReaderTest {

    @Test
    void emptyConfigurationGivesTheDefaults() {
        StackSettings s = SipConfigReader.read(Map.of());
        assertEquals(5060, s.port());
        assertEquals(List.of("udp", "tcp"), s.transports());
        assertEquals(8, s.threadPoolSize());
    }

    @Test
    void readsStringsAndNumbers() {
        StackSettings s = SipConfigReader.read(Map.of("port", "15070", "transports", " TCP ", "t1.ms", 100L));
        assertEquals(15070, s.port());
        assertEquals(List.of("tcp"), s.transports());
        assertEquals(100, s.t1Millis());
    }

    @Test
    void badValuesAreRefusedNamingPidAndKey() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> SipConfigReader.read(Map.of("port", "70000")));
        assertTrue(port.getMessage().contains("org.dualsip.sip") && port.getMessage().contains("'port'"), port.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SipConfigReader.read(Map.of("port", "abc")));
        assertTrue(nan.getMessage().contains("'port'"));
        IllegalArgumentException transport = assertThrows(IllegalArgumentException.class,
                () -> SipConfigReader.read(Map.of("transports", "udp,sctp")));
        assertTrue(transport.getMessage().contains("'transports'"));
    }
}
