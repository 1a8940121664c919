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

    @Test
    void sessionTimersDefaultTo1800WithMinSe90AndZeroTurnsThemOff() {
        StackSettings d = SipConfigReader.read(Map.of());
        assertEquals(1800, d.sessionExpires());
        assertEquals(90, d.minSe());
        assertTrue(d.sessionTimers());
        StackSettings off = SipConfigReader.read(Map.of("session.expires.s", "0"));
        assertEquals(false, off.sessionTimers());
        StackSettings set = SipConfigReader.read(Map.of("session.expires.s", "600", "min.se.s", "120"));
        assertEquals(600, set.sessionExpires());
        assertEquals(120, set.minSe());
    }

    @Test
    void minSeBelowTheRfcsNinetySecondsOrAnIntervalBelowItAreRefused() {
        IllegalArgumentException minSe = assertThrows(IllegalArgumentException.class,
                () -> SipConfigReader.read(Map.of("min.se.s", "30")));
        assertTrue(minSe.getMessage().contains("'min.se.s'"), minSe.getMessage());
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> SipConfigReader.read(Map.of("session.expires.s", "100", "min.se.s", "120")));
        assertTrue(below.getMessage().contains("'session.expires.s'"), below.getMessage());
    }
}
