package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriverSettingsTest {

    @Test
    void theDefaultsOfTheCfgFileParse() {
        assertEquals(DriverSettings.DEFAULTS, DriverSettings.parse("5", "200", "0", "1", "30", "2000"));
    }

    @Test
    void valuesAreTrimmedAndKept() {
        DriverSettings settings = DriverSettings.parse(" 3 ", "50", "30000", "0", "250", "500");
        assertEquals(3, settings.announceCount());
        assertEquals(Duration.ofMillis(50), settings.announceInterval());
        assertEquals(Duration.ofSeconds(30), settings.refreshPeriod());
        assertEquals(0, settings.probeCount());
        assertEquals(Duration.ofMillis(250), settings.probeTimeout());
    }

    @Test
    void eachBadValueIsRefusedNamingItsKey() {
        assertKey("announce.count", () -> DriverSettings.parse("0", "200", "0", "1", "100", "2000"));
        assertKey("announce.interval.ms", () -> DriverSettings.parse("5", "fast", "0", "1", "100", "2000"));
        assertKey("refresh.period.ms", () -> DriverSettings.parse("5", "200", "50", "1", "100", "2000"));
        assertKey("probe.count", () -> DriverSettings.parse("5", "200", "0", "-1", "100", "2000"));
        assertKey("probe.timeout.ms", () -> DriverSettings.parse("5", "200", "0", "1", "", "2000"));
        assertKey("command.timeout.ms", () -> DriverSettings.parse("5", "200", "0", "1", "100", "99999999"));
    }

    private static void assertKey(String key, Runnable parse) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, parse::run);
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith("org.dualsip.floatingip: invalid value"), e.getMessage());
    }
}
