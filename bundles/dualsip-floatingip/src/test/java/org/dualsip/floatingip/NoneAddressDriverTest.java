package org.dualsip.floatingip;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.junit.jupiter.api.Test;

class NoneAddressDriverTest {

    @Test
    void acceptsAnyLoopbackAddressWhereTheWholeRangeIsLocal() throws Exception {
        NoneAddressDriver driver = new NoneAddressDriver(true);
        assertDoesNotThrow(() -> driver.validate(address("127.0.0.10")));
        assertDoesNotThrow(() -> driver.validate(address("::1")));
    }

    @Test
    void acceptsAnAddressAssignedToAnInterface() throws Exception {
        // 127.0.0.1 is listed on lo on every platform, unlike the rest of 127/8.
        assertDoesNotThrow(() -> new NoneAddressDriver(false).validate(address("127.0.0.1")));
    }

    @Test
    void refusesAnAddressThatIsNotOnThisHostAndNamesIt() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a real host.
        AddressException e = assertThrows(AddressException.class,
                () -> new NoneAddressDriver(true).validate(address("192.0.2.77")));
        assertTrue(e.getMessage().contains("192.0.2.77"), e.getMessage());
    }

    @Test
    void acquireAndReleaseConfigureNothing() throws Exception {
        NoneAddressDriver driver = new NoneAddressDriver(true);
        assertDoesNotThrow(() -> driver.acquire(address("127.0.0.10")));
        assertDoesNotThrow(() -> driver.release(address("127.0.0.10")));
    }

    private static FloatingAddress address(String literal) throws Exception {
        return new FloatingAddress(InetAddress.getByName(literal), 32, "");
    }
}
