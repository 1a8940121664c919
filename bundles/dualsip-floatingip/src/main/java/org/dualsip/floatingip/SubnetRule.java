package org.dualsip.floatingip;

import java.util.List;
import java.util.stream.Collectors;
import org.dualsip.api.address.FloatingAddress;

/**
 * Whether the floating address fits the interface it is to be put on. The rule (docs/floating-ip.md):
 * when the interface has addresses of the same family (IPv6 link-local ones aside), the floating
 * address must lie in the subnet of one of them, and its prefix must be that subnet's prefix or a
 * host prefix (32 / 128); an interface without an address of that family takes any prefix (a
 * dedicated service interface). Peers on the LAN reach the address through their route to that
 * subnet, so an address outside it would be held but unreachable.
 */
final class SubnetRule {

    private SubnetRule() {
    }

    /** @throws InvalidSettingException naming {@code address} or {@code prefix} */
    static void check(FloatingAddress floating, List<InterfaceAddress> onInterface) {
        List<InterfaceAddress> subnets = onInterface.stream()
                .filter(a -> a.sameFamilyAs(floating.address()))
                .filter(a -> !a.address().equals(floating.address()))
                .filter(a -> !a.address().isLinkLocalAddress() || floating.address().isLinkLocalAddress())
                .toList();
        if (subnets.isEmpty()) {
            return;
        }
        int hostPrefix = floating.address().getAddress().length * 8;
        List<InterfaceAddress> containing = subnets.stream().filter(a -> a.subnetContains(floating.address())).toList();
        if (containing.isEmpty()) {
            throw new InvalidSettingException(AddressSettings.PID, "address", floating.host(),
                    "outside every subnet of interface " + floating.iface() + " (" + list(subnets) + ")");
        }
        boolean prefixFits = floating.prefix() == hostPrefix
                || containing.stream().anyMatch(a -> a.prefix() == floating.prefix());
        if (!prefixFits) {
            throw new InvalidSettingException(AddressSettings.PID, "prefix", Integer.toString(floating.prefix()),
                    "does not match the subnet of " + floating.host() + " on " + floating.iface() + " ("
                            + list(containing) + "); use " + containing.get(0).prefix() + " or " + hostPrefix);
        }
    }

    private static String list(List<InterfaceAddress> addresses) {
        return addresses.stream().map(InterfaceAddress::toString).collect(Collectors.joining(", "));
    }
}
