package org.dualsip.itests;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks ports inside the ranges this project's itests may use, skipping ports still held (for
 * example by a Karaf left over from an aborted run), so one stale JVM never fails the next run.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** The first TCP port in [min, max] that can be bound on all addresses. */
    static int tcp(int min, int max) {
        for (int port = min; port <= max; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free TCP port in " + min + "-" + max);
    }

    /** The first port in [min, max] free for both UDP and TCP on the given address. */
    static int sip(String address, int min, int max) {
        for (int port = min; port <= max; port++) {
            if (udpFree(address, port) && tcpFree(address, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free SIP port on " + address + " in " + min + "-" + max);
    }

    private static boolean udpFree(String address, int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean tcpFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
