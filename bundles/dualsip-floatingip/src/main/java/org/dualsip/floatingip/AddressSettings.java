package org.dualsip.floatingip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.dualsip.api.address.FloatingAddress;

/**
 * A validated {@code org.dualsip.floatingip} configuration: the address to hold and the driver that
 * holds it.
 */
public record AddressSettings(FloatingAddress address, String driver) {

    public static final String PID = "org.dualsip.floatingip";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern DRIVER_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    // Linux limits interface names to 15 characters (IFNAMSIZ 16 with the terminating NUL).
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    public AddressSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(driver, "driver");
    }

    /**
     * Validates raw configuration values. Values arrive as text (from a .cfg file or Config Admin)
     * and are parsed here, so that a bad one is reported with its key instead of silently coerced.
     *
     * @throws InvalidSettingException naming the first bad key
     */
    public static AddressSettings parse(String address, String prefix, String iface, String driver) {
        InetAddress ip = parseAddress(trim(address));
        int prefixLength = parsePrefix(trim(prefix), ip);
        String interfaceName = trim(iface);
        if (!interfaceName.isEmpty() && !INTERFACE_NAME.matcher(interfaceName).matches()) {
            throw new InvalidSettingException(PID, "interface", interfaceName,
                    "expected an interface name of at most 15 letters, digits or _.:@-");
        }
        String driverName = trim(driver);
        if (!DRIVER_NAME.matcher(driverName).matches()) {
            throw new InvalidSettingException(PID, "driver", driverName,
                    "expected a driver name such as none or linux (lower case letters, digits, _ and -)");
        }
        return new AddressSettings(new FloatingAddress(ip, prefixLength, interfaceName), driverName);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    // Only literals are accepted: a host name would need a DNS lookup, which may block or change.
    private static InetAddress parseAddress(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                for (String part : text.split("\\.")) {
                    if (Integer.parseInt(part) > 255) {
                        throw new UnknownHostException(part + " is above 255");
                    }
                }
                return InetAddress.getByName(text);
            }
            if (text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
                // The brackets make InetAddress parse a literal or fail; never a name lookup.
                return InetAddress.getByName("[" + text + "]");
            }
        } catch (UnknownHostException e) {
            throw new InvalidSettingException(PID, "address", text, "not an IP address (" + e.getMessage() + ")");
        }
        throw new InvalidSettingException(PID, "address", text, "not an IPv4 or IPv6 address literal");
    }

    private static int parsePrefix(String text, InetAddress ip) {
        int max = ip instanceof Inet4Address ? 32 : 128;
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new InvalidSettingException(PID, "prefix", text, "expected a whole number from 0 to " + max);
    }

    @Override
    public String toString() {
        return address.host() + "/" + address.prefix()
                + (address.iface().isEmpty() ? "" : " on " + address.iface()) + " (driver " + driver + ")";
    }
}
