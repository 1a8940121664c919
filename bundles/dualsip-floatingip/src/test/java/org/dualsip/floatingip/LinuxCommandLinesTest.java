package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import org.dualsip.api.address.FloatingAddress;
import org.junit.jupiter.api.Test;

class LinuxCommandLinesTest {

    private static FloatingAddress address(String ip, int prefix, String iface) throws Exception {
        return new FloatingAddress(InetAddress.getByName(ip), prefix, iface);
    }

    @Test
    void ipv4IsAddedWithOurLabelAndRemovedByFamily() throws Exception {
        FloatingAddress v4 = address("10.97.0.100", 24, "eth0");
        assertEquals(List.of("ip", "-4", "addr", "add", "10.97.0.100/24", "dev", "eth0", "label", "eth0:ds"),
                LinuxCommandLines.addAddress(v4));
        assertEquals(List.of("ip", "-4", "addr", "del", "10.97.0.100/24", "dev", "eth0"),
                LinuxCommandLines.removeAddress(v4));
    }

    @Test
    void aLabelThatWouldNotFitIsLeftOut() throws Exception {
        FloatingAddress longName = address("10.97.0.100", 24, "enp0s31f6abcde");
        assertNull(LinuxCommandLines.label(longName));
        assertEquals(List.of("ip", "-4", "addr", "add", "10.97.0.100/24", "dev", "enp0s31f6abcde"),
                LinuxCommandLines.addAddress(longName));
        assertEquals("enp0s31f6abc:ds", LinuxCommandLines.label(address("10.97.0.100", 24, "enp0s31f6abc")));
    }

    @Test
    void ipv6IsAddedWithoutDuplicateAddressDetection() throws Exception {
        FloatingAddress v6 = address("fd97::100", 64, "eth0");
        assertEquals(List.of("ip", "-6", "addr", "add", "fd97:0:0:0:0:0:0:100/64", "dev", "eth0", "nodad"),
                LinuxCommandLines.addAddress(v6));
        assertEquals(List.of("ndptool", "-t", "na", "-U", "-i", "eth0", "-T", "fd97:0:0:0:0:0:0:100", "send"),
                LinuxCommandLines.unsolicitedNeighbourAdvertisement(v6));
        assertEquals(List.of("ip", "ndptool", "sh"), LinuxCommandLines.toolsFor(v6));
    }

    @Test
    void arpCommandsAreLineBufferedSoTheHeaderArrivesAtOnce() throws Exception {
        FloatingAddress v4 = address("10.97.0.100", 24, "eth0");
        assertEquals(List.of("stdbuf", "-oL", "arping", "-D", "-c", "2", "-I", "eth0", "10.97.0.100"),
                LinuxCommandLines.arpProbe(v4, 2));
        assertEquals(List.of("stdbuf", "-oL", "arping", "-U", "-c", "1", "-I", "eth0", "10.97.0.100"),
                LinuxCommandLines.gratuitousArp(v4));
    }

    @Test
    void theGuardRunsTheRemovalAfterEndOfFile() throws Exception {
        FloatingAddress v4 = address("10.97.0.100", 24, "eth0");
        assertEquals(List.of("sh", "-c", LinuxCommandLines.GUARD_SCRIPT, "dualsip-address-guard",
                "ip", "-4", "addr", "del", "10.97.0.100/24", "dev", "eth0"), LinuxCommandLines.removeWhenOrphaned(v4));
    }
}
