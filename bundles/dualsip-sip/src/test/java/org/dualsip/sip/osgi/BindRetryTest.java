package org.dualsip.sip.osgi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.ServiceAddress;
import org.junit.jupiter.api.Test;

/**
 * A node that takes the address while the old active (hung, same host) still holds the SIP port must
 * keep trying to bind: holding the address without listening would be an outage.
 */
class BindRetryTest {

    private static final String HOST = "127.0.0.46";
    private static final int PORT = 15190;

    @Test
    void aPortStillHeldByAnotherProcessIsBoundOnceItIsFreed() throws Exception {
        CallEngineComponent component = new CallEngineComponent(Map.of("port", PORT, "transports", "udp"));
        FloatingAddress address = new FloatingAddress(InetAddress.getByName(HOST), 32, "");
        ServiceAddress held = new ServiceAddress() {
            @Override
            public FloatingAddress address() {
                return address;
            }

            @Override
            public String driver() {
                return "none";
            }
        };
        try (DatagramSocket oldActive = new DatagramSocket(new InetSocketAddress(HOST, PORT))) {
            component.bindServiceAddress(held); // fails after its own 1 s wait: the port is taken
            assertFalse(component.status().holdsAddress() && component.status().transports().contains("udp"),
                    "not listening while the port is taken");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!component.status().transports().contains("udp") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        try {
            assertTrue(component.status().transports().contains("udp"), "bound once the port was freed");
        } finally {
            component.deactivate();
        }
    }
}
