package org.dualsip.bench.node;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Asks "does SIP answer here?" with one OPTIONS over UDP, on a plain datagram socket so that it
 * works against any SIP node without a stack of its own.
 */
public final class OptionsProbe {

    private final String localIp;

    public OptionsProbe(String localIp) {
        this.localIp = localIp;
    }

    /** The status code of the answer, or empty when nothing answered within the timeout. */
    public OptionalInt probe(String host, int port, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localIp), 0))) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            String callId = UUID.randomUUID().toString();
            byte[] request = request(host, port, socket.getLocalPort(), callId).getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getByName(host), port));
            return awaitAnswer(socket, callId, System.nanoTime() + timeout.toNanos());
        }
    }

    /** Probes until something answers or the deadline passes. */
    public boolean awaitAnswer(String host, int port, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe(host, port, Duration.ofMillis(500)).isPresent()) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static OptionalInt awaitAnswer(DatagramSocket socket, String callId, long deadline) throws IOException {
        byte[] buffer = new byte[65535];
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return OptionalInt.empty();
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
            OptionalInt status = statusOf(text, callId);
            if (status.isPresent()) {
                return status;
            }
        }
        return OptionalInt.empty();
    }

    /** The status code of a response to our request; empty for anything else (strays, requests). */
    static OptionalInt statusOf(String message, String callId) {
        if (!message.startsWith("SIP/2.0 ") || !message.contains(callId) || message.length() < 11) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(message.substring(8, 11)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    String request(String host, int port, int localPort, String callId) {
        String branch = "z9hG4bK" + callId.replace("-", "").substring(0, 16);
        return "OPTIONS sip:" + host + ":" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localIp + ":" + localPort + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@" + localIp + ">;tag=" + callId.substring(0, 8) + "\r\n"
                + "To: <sip:" + host + ":" + port + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Contact: <sip:probe@" + localIp + ":" + localPort + ">\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
