package org.dualsip.itests.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.dualsip.bench.connector.ConnectorPair;

/**
 * An application that connects, says hello, registers a pattern, reads the two answers and then never
 * reads its socket again (with a small receive buffer, so that the connector's outgoing queue is what
 * fills). Raw protocol frames on purpose: the client library would keep reading.
 */
final class StuckApplication implements AutoCloseable {

    private final Socket socket;

    private StuckApplication(Socket socket) {
        this.socket = socket;
    }

    static StuckApplication connect(int port, String name, String pattern) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setSoTimeout(5000);
        StuckApplication app = new StuckApplication(socket);
        app.send("{\"type\":\"request\",\"id\":1,\"op\":\"hello\",\"protocol\":1,\"application\":\"" + name
                + "\",\"token\":\"" + ConnectorPair.TOKEN + "\"}");
        String hello = app.readLine();
        app.send("{\"type\":\"request\",\"id\":2,\"op\":\"register\",\"patterns\":[\"" + pattern + "\"]}");
        String register = app.readLine();
        if (!hello.contains("\"result\"") || !register.contains("\"result\"")) {
            socket.close();
            throw new IllegalStateException("stuck application not registered: " + hello + " / " + register);
        }
        return app;
    }

    private void send(String frame) throws IOException {
        socket.getOutputStream().write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /**
     * Reads everything the node queued until the node closes the connection; returns the bytes read,
     * or -1 if the connection was still open after the timeout (the node never dropped it).
     */
    long drainUntilClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        socket.setSoTimeout(500);
        byte[] buffer = new byte[65536];
        long total = 0;
        InputStream in = socket.getInputStream();
        while (System.nanoTime() < deadline) {
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return total;
                }
                total += read;
            } catch (SocketTimeoutException idle) {
                // keep waiting for the close
            } catch (IOException reset) {
                return total; // closed with a reset: dropped all the same
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
