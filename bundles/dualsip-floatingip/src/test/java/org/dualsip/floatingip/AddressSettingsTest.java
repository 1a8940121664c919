package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressSettingsTest {

    @Test
    void parsesTheDefaults() {
        AddressSettings settings = AddressSettings.parse("127.0.0.10", "32", "", "none");
        assertEquals("127.0.0.10", settings.address().host());
        assertEquals(32, settings.address().prefix());
        assertEquals("", settings.address().iface());
        assertEquals("none", settings.driver());
    }

    @Test
    void trimsValuesAndAcceptsIpv6() {
        AddressSettings settings = AddressSettings.parse(" ::1 ", " 128 ", " lo ", " linux ");
        assertEquals("0:0:0:0:0:0:0:1", settings.address().host());
        assertEquals(128, settings.address().prefix());
        assertEquals("lo", settings.address().iface());
        assertEquals("linux", settings.driver());
    }

    @Test
    void refusesAHostNameWithoutLookingItUp() {
        assertRefused("address", () -> AddressSettings.parse("localhost", "32", "", "none"));
    }

    @Test
    void refusesMalformedAddresses() {
        assertRefused("address", () -> AddressSettings.parse("127.0.0.300", "32", "", "none"));
        assertRefused("address", () -> AddressSettings.parse("127.0.0", "32", "", "none"));
        assertRefused("address", () -> AddressSettings.parse("fe80::zz", "64", "", "none"));
        assertRefused("address", () -> AddressSettings.parse("", "32", "", "none"));
        assertRefused("address", () -> AddressSettings.parse(null, "32", "", "none"));
    }

    @Test
    void prefixRangeDependsOnTheFamily() {
        assertRefused("prefix", () -> AddressSettings.parse("10.0.0.1", "33", "", "none"));
        assertRefused("prefix", () -> AddressSettings.parse("10.0.0.1", "-1", "", "none"));
        assertRefused("prefix", () -> AddressSettings.parse("10.0.0.1", "abc", "", "none"));
        assertEquals(0, AddressSettings.parse("10.0.0.1", "0", "", "none").address().prefix());
        assertEquals(64, AddressSettings.parse("fd00::1", "64", "", "none").address().prefix());
        assertRefused("prefix", () -> AddressSettings.parse("fd00::1", "129", "", "none"));
    }

    @Test
    void refusesBadDriverAndInterfaceNames() {
        assertRefused("driver", () -> AddressSettings.parse("10.0.0.1", "32", "", "None!"));
        assertRefused("driver", () -> AddressSettings.parse("10.0.0.1", "32", "", ""));
        assertRefused("interface", () -> AddressSettings.parse("10.0.0.1", "32", "eth0; rm -rf", "none"));
        assertRefused("interface", () -> AddressSettings.parse("10.0.0.1", "32", "a-very-long-interface", "none"));
    }

    private static void assertRefused(String key, org.junit.jupiter.api.function.Executable parse) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, parse);
        assertEquals(key, e.key());
        assertEquals("org.dualsip.floatingip", e.pid());
        assertTrue(e.getMessage().contains("org.dualsip.floatingip") && e.getMessage().contains("'" + key + "'"),
                e.getMessage());
    }
}
