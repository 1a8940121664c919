package org.dualsip.sip.stack;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Closing a socket that a JAIN-SIP thread is blocked on (receive, accept) frees the port only when
 * that thread has left the call, a few milliseconds later. The peer node on the same machine (driver
 * none, one shared address) binds the moment we have released the address, so: unbind waits until
 * the ports are really free, and bind retries a port still held for a short, bounded time.
 */
final class PortRelease {

    static final long WAIT_MILLIS = 1000;
    private static final long POLL_MILLIS = 2;

    private PortRelease() {
    }

    static final String LOOPBACK = "127.0.0.1";

    /** A loopback port free on every transport right now (for a warm-up bind). */
    static int freeLoopbackPort(List<String> transports) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            int port;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                port = s.getLocalPort();
            }
            if (isFree(LOOPBACK, port, transports)) {
                return port;
            }
        }
        throw new IOException("no loopback port free for udp and tcp after 10 tries");
    }

    /** Waits (bounded) until host:port can be bound again on every transport; false when it never could. */
    static boolean awaitFree(String host, int port, List<String> transports) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!isFree(host, port, transports)) {
            if (System.nanoTime() > deadline || !pause()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFree(String host, int port, List<String> transports) {
        InetSocketAddress at = new InetSocketAddress(host, port);
        for (String t : transports) {
            try {
                if ("tcp".equalsIgnoreCase(t)) {
                    try (ServerSocket s = new ServerSocket()) {
                        s.setReuseAddress(true); // as JAIN-SIP's own listener: TIME_WAIT does not count
                        s.bind(at);
                    }
                } else {
                    try (DatagramSocket s = new DatagramSocket(at)) {
                        s.getLocalPort();
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Whether the failure is a port still held (worth another try), looking through JAIN-SIP's wrapping. */
    static boolean isPortInUse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException || String.valueOf(c.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Sleeps one poll interval; false when interrupted. */
    static boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
