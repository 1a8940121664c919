package org.dualsip.sip.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** The far end in tests: raw SIP text over a UDP socket on loopback. */
final class SipTestPeer implements AutoCloseable {

    /** One received message, parsed just enough for assertions. */
    record Msg(String firstLine, Map<String, List<String>> headers, String body, String raw) {
        int status() {
            return firstLine.startsWith("SIP/2.0 ") ? Integer.parseInt(firstLine.substring(8, 11)) : 0;
        }

        String method() {
            return firstLine.startsWith("SIP/") ? null : firstLine.substring(0, firstLine.indexOf(' '));
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        String requestUri() {
            return firstLine.split(" ")[1];
        }

        String cseqMethod() {
            return header("CSeq").trim().split("\\s+")[1];
        }

        String toTag() {
            String to = header("To");
            int i = to.indexOf("tag=");
            return i < 0 ? null : to.substring(i + 4).split("[;>\\s]")[0];
        }
    }

    final String host;
    final int port;
    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final List<Msg> backlog = new ArrayList<>();
    /** When set, expectStatus/expectRequest see only this Call-ID (late retransmissions of earlier calls pass by). */
    String onlyCallId;

    SipTestPeer(String host, int port, String targetHost, int targetPort) throws IOException {
        this.host = host;
        this.port = port;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
        this.target = new InetSocketAddress(InetAddress.getByName(targetHost), targetPort);
    }

    static String id() {
        return UUID.randomUUID().toString().substring(0, 12);
    }

    /** Sends a message written with \n line ends; Content-Length is computed. */
    void send(String headersAndBody) throws IOException {
        byte[] bytes = wire(headersAndBody).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, target));
    }

    /** The message as sent on the wire: CRLF line ends and a computed Content-Length. */
    static String wire(String headersAndBody) {
        String[] parts = headersAndBody.split("\n\n", 2);
        String body = parts.length > 1 ? parts[1].replace("\n", "\r\n") : "";
        String head = parts[0].replace("\n", "\r\n") + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        return head + body;
    }

    /** Waits for the first message matching; others stay in the backlog for later expectations. */
    Msg expect(Predicate<Msg> match, long millis) throws IOException {
        for (Msg m : backlog) {
            if (match.test(m)) {
                backlog.remove(m);
                return m;
            }
        }
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            Msg m = receive(left);
            if (m == null) {
                return null;
            }
            if (match.test(m)) {
                return m;
            }
            backlog.add(m);
        }
    }

    Msg expectStatus(int code, String cseqMethod, long millis) throws IOException {
        return expect(m -> ofThisCall(m) && m.status() == code && cseqMethod.equals(m.cseqMethod()), millis);
    }

    Msg expectRequest(String method, long millis) throws IOException {
        return expect(m -> ofThisCall(m) && method.equals(m.method()), millis);
    }

    private boolean ofThisCall(Msg m) {
        return onlyCallId == null || onlyCallId.equals(m.header("Call-ID"));
    }

    /** Drops everything received so far. */
    void clear() throws IOException {
        backlog.clear();
        while (receive(1) != null) {
            // drain
        }
    }

    private Msg receive(long millis) throws IOException {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) Math.max(1, millis));
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
    }

    static Msg parse(String raw) {
        String[] parts = raw.split("\r\n\r\n", 2);
        String[] lines = parts[0].split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.computeIfAbsent(canonical(lines[i].substring(0, c).trim()), k -> new ArrayList<>())
                        .add(lines[i].substring(c + 1).trim());
            }
        }
        return new Msg(lines[0], headers, parts.length > 1 ? parts[1] : "", raw);
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "i" -> "call-id";
            case "f" -> "from";
            case "t" -> "to";
            case "v" -> "via";
            case "m" -> "contact";
            case "l" -> "content-length";
            case "c" -> "content-type";
            default -> n;
        };
    }

    @Override
    public void close() {
        socket.close();
    }
}
