package org.dualsip.floatingip;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One address of an interface as {@code ip -o addr show} lists it.
 *
 * @param address the address
 * @param prefix  its prefix length
 * @param label   the IPv4 label (the last word before the backslash), or empty
 */
record InterfaceAddress(InetAddress address, int prefix, String label) {

    /** Parses {@code ip -o addr show dev X} output; lines it does not understand are skipped. */
    static List<InterfaceAddress> parse(String ipOutput) {
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (String line : ipOutput.split("\\R")) {
            String[] words = line.split("\\\\")[0].trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet") || words[i].equals("inet6")) {
                    parseOne(words[i + 1], words[words.length - 1], addresses);
                    break;
                }
            }
        }
        return addresses;
    }

    private static void parseOne(String text, String lastWord, List<InterfaceAddress> into) {
        String[] parts = text.split("/", 2);
        try {
            // Literals only (from ip itself): never a name lookup.
            InetAddress ip = InetAddress.getByName(parts[0].contains(":") ? "[" + parts[0] + "]" : parts[0]);
            int fullLength = ip.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : fullLength;
            into.add(new InterfaceAddress(ip, prefix, parts[0].contains(":") ? "" : lastWord));
        } catch (UnknownHostException | NumberFormatException e) {
            // not an address line (or a format we do not know): not needed for the checks
        }
    }

    /** Whether {@code other} lies in this address's subnet. */
    boolean subnetContains(InetAddress other) {
        byte[] mine = address.getAddress();
        byte[] theirs = other.getAddress();
        if (mine.length != theirs.length) {
            return false;
        }
        int bits = mine.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, mine).and(mask).equals(new BigInteger(1, theirs).and(mask));
    }

    boolean sameFamilyAs(InetAddress other) {
        return address.getAddress().length == other.getAddress().length;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
