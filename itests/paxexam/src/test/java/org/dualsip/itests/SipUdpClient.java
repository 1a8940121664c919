package org.dualsip.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A minimal SIP user agent over UDP that writes requests as plain text, so the tests check the
 * node from outside, the way a SIP peer sees it. Not a general client: one request in flight,
 * responses matched by Call-ID and CSeq method.
 */
final class SipUdpClient implements AutoCloseable {

    private static final String LOCAL_ADDRESS = "127.0.0.1";

    private final DatagramSocket socket;
    private final String fromTag = token();

    SipUdpClient() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOCAL_ADDRESS), 0));
    }

    /** Sends an OPTIONS to host:port; returns its final response or null when none came in time. */
    SipMessage options(String host, int port, long timeoutMillis) throws IOException {
        String callId = token() + "@" + LOCAL_ADDRESS;
        String request = "OPTIONS sip:" + host + ":" + port + " SIP/2.0\r\n"
                + via() + "Max-Forwards: 70\r\n"
                + "From: <sip:itest@" + LOCAL_ADDRESS + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + host + ":" + port + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
        send(request, host, port);
        return awaitFinal(callId, "OPTIONS", timeoutMillis, new ArrayList<>());
    }

    /** Sends an INVITE with an SDP offer; collects every response until the final one. */
    List<SipMessage> invite(String host, int port, String callId, String sdp, long timeoutMillis)
            throws IOException {
        String body = sdp;
        String request = "INVITE sip:demo@" + host + ":" + port + " SIP/2.0\r\n"
                + via() + "Max-Forwards: 70\r\n"
                + "From: <sip:itest@" + LOCAL_ADDRESS + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:demo@" + host + ":" + port + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:itest@" + LOCAL_ADDRESS + ":" + socket.getLocalPort() + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
        send(request, host, port);
        List<SipMessage> received = new ArrayList<>();
        SipMessage last = awaitFinal(callId, "INVITE", timeoutMillis, received);
        if (last == null) {
            throw new AssertionError("no final response to INVITE within " + timeoutMillis
                    + " ms; got " + received);
        }
        return received;
    }

    /** ACK for a 2xx (a new transaction, sent to the remote target). */
    void ackForSuccess(String host, int port, String callId, SipMessage ok) throws IOException {
        send(inDialog("ACK", 1, host, port, callId, ok), host, port);
    }

    /** BYE in the dialog established by {@code ok}; returns the final response or null. */
    SipMessage bye(String host, int port, String callId, SipMessage ok, long timeoutMillis) throws IOException {
        send(inDialog("BYE", 2, host, port, callId, ok), host, port);
        return awaitFinal(callId, "BYE", timeoutMillis, new ArrayList<>());
    }

    private String inDialog(String method, int cseq, String host, int port, String callId, SipMessage ok) {
        String target = ok.contactUri() != null ? ok.contactUri() : "sip:demo@" + host + ":" + port;
        return method + " " + target + " SIP/2.0\r\n"
                + via() + "Max-Forwards: 70\r\n"
                + "From: <sip:itest@" + LOCAL_ADDRESS + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:demo@" + host + ":" + port + ">;tag=" + ok.toTag() + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private SipMessage awaitFinal(String callId, String method, long timeoutMillis, List<SipMessage> received)
            throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buffer = new byte[65_535];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException timeout) {
                return null;
            }
            SipMessage message = SipMessage.parse(packet.getData(), packet.getLength());
            if (message.isResponse() && callId.equals(message.callId()) && method.equals(message.cseqMethod())) {
                received.add(message);
                if (message.status() >= 200) {
                    return message;
                }
            }
        }
    }

    private void send(String text, String host, int port) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(data, data.length, InetAddress.getByName(host), port));
    }

    private String via() {
        return "Via: SIP/2.0/UDP " + LOCAL_ADDRESS + ":" + socket.getLocalPort()
                + ";branch=z9hG4bK" + token() + ";rport\r\n";
    }

    static String token() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public void close() {
        socket.close();
    }
}
