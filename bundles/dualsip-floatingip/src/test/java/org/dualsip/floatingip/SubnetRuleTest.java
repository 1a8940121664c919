package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.dualsip.api.address.FloatingAddress;
import org.junit.jupiter.api.Test;

/** Parsing of {@code ip -o addr show} and the subnet rule of docs/floating-ip.md. */
class SubnetRuleTest {

    private static final String ETH0 = String.join("\n",
            "2: eth0    inet 10.97.0.1/24 brd 10.97.0.255 scope global eth0\\       valid_lft forever preferred_lft forever",
            "2: eth0    inet 10.97.0.100/24 scope global secondary eth0:ds\\       valid_lft forever preferred_lft forever",
            "2: eth0    inet6 fd97::1/64 scope global nodad \\       valid_lft forever preferred_lft forever",
            "2: eth0    inet6 fe80::44c:43ff:fe5b:91c/64 scope link \\       valid_lft forever preferred_lft forever");

    private static FloatingAddress address(String ip, int prefix) throws Exception {
        return new FloatingAddress(InetAddress.getByName(ip), prefix, "eth0");
    }

    @Test
    void parsesEveryFamilyWithPrefixAndLabel() throws Exception {
        List<InterfaceAddress> parsed = InterfaceAddress.parse(ETH0);
        assertEquals(4, parsed.size());
        assertEquals("10.97.0.100/24", parsed.get(1).toString());
        assertEquals("eth0:ds", parsed.get(1).label());
        assertEquals(InetAddress.getByName("fd97::1"), parsed.get(2).address());
        assertEquals(64, parsed.get(3).prefix());
    }

    @Test
    void anAddressInTheSubnetWithItsPrefixOrAHostPrefixFits() throws Exception {
        List<InterfaceAddress> eth0 = InterfaceAddress.parse(ETH0);
        assertDoesNotThrow(() -> SubnetRule.check(address("10.97.0.200", 24), eth0));
        assertDoesNotThrow(() -> SubnetRule.check(address("10.97.0.200", 32), eth0));
        assertDoesNotThrow(() -> SubnetRule.check(address("fd97::200", 64), eth0));
        assertDoesNotThrow(() -> SubnetRule.check(address("fd97::200", 128), eth0));
    }

    @Test
    void anAddressOutsideEverySubnetIsRefusedNamingTheAddressKey() throws Exception {
        List<InterfaceAddress> eth0 = InterfaceAddress.parse(ETH0);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SubnetRule.check(address("10.98.0.100", 24), eth0));
        assertEquals("address", e.key());
        assertTrue(e.getMessage().contains("outside every subnet of interface eth0 (10.97.0.1/24, 10.97.0.100/24)"), e.getMessage());
        // The link-local IPv6 address does not make a global one fit.
        assertEquals("address", assertThrows(InvalidSettingException.class,
                () -> SubnetRule.check(address("fd98::1", 64), eth0)).key());
    }

    @Test
    void aPrefixThatDisagreesWithTheSubnetIsRefusedNamingThePrefixKey() throws Exception {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> SubnetRule.check(address("10.97.0.200", 16), InterfaceAddress.parse(ETH0)));
        assertEquals("prefix", e.key());
        assertTrue(e.getMessage().contains("use 24 or 32"), e.getMessage());
    }

    @Test
    void anInterfaceWithoutThatFamilyTakesAnyPrefix() throws Exception {
        List<InterfaceAddress> v6Only = InterfaceAddress.parse(ETH0.lines().filter(l -> l.contains("inet6"))
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
        assertDoesNotThrow(() -> SubnetRule.check(address("192.0.2.10", 28), v6Only));
    }
}
