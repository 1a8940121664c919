package org.dualsip.floatingip;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Locale;
import org.dualsip.api.address.AddressException;
import org.dualsip.api.address.FloatingAddress;
import org.dualsip.api.address.FloatingAddressDriver;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code none} driver: the address is already on this host (e.g. 127.0.0.10 for a pair on one
 * machine), so there is nothing to configure; holding it only means SIP may bind it.
 */
@Component(service = FloatingAddressDriver.class,
        property = FloatingAddressDriver.DRIVER_NAME + "=" + NoneAddressDriver.NAME)
public class NoneAddressDriver implements FloatingAddressDriver {

    public static final String NAME = "none";

    private static final Logger LOG = LoggerFactory.getLogger(NoneAddressDriver.class);

    private final boolean wholeLoopbackRangeIsLocal;

    /** Used by DS: on Linux every 127/8 address (and ::1) answers on lo without being listed. */
    public NoneAddressDriver() {
        this(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"));
    }

    NoneAddressDriver(boolean wholeLoopbackRangeIsLocal) {
        this.wholeLoopbackRangeIsLocal = wholeLoopbackRangeIsLocal;
    }

    @Override
    public void validate(FloatingAddress address) throws AddressException {
        InetAddress ip = address.address();
        if (wholeLoopbackRangeIsLocal && ip.isLoopbackAddress()) {
            return;
        }
        try {
            if (NetworkInterface.getByInetAddress(ip) != null) {
                return;
            }
        } catch (SocketException e) {
            throw new AddressException("cannot list the interfaces of this host to find " + ip.getHostAddress(), e);
        }
        throw new AddressException("address " + ip.getHostAddress()
                + " is not assigned to this host (driver none configures nothing; use an address of this host)");
    }

    @Override
    public void acquire(FloatingAddress address) {
        LOG.debug("none driver: {} is already local, nothing to configure", address.host());
    }

    @Override
    public void release(FloatingAddress address) {
        LOG.debug("none driver: {} stays on the host, nothing to remove", address.host());
    }
}
