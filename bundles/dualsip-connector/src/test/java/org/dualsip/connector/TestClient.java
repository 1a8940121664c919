package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal protocol client over a real socket, for the server tests. */
final class TestClient implements AutoCloseable {

    final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    TestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000); // generous: a loaded 2-core machine
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    static TestClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new TestClient(s);
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next frame, or null at the end of the stream. */
    ObjectNode read() throws IOException {
        String line = in.readLine();
        return line == null ? null : (ObjectNode) Frames.MAPPER.readTree(line);
    }

    ObjectNode hello(String application, String token) throws IOException {
        send("{\"type\":\"request\",\"id\":\"h\",\"op\":\"hello\",\"protocol\":1,\"application\":\"" + application
                + "\"" + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}");
        return read();
    }

    /** Reads until the end of the stream; returns the last frame seen (null when none). */
    ObjectNode readToEnd() throws IOException {
        ObjectNode last = null;
        ObjectNode frame;
        while ((frame = read()) != null) {
            last = frame;
        }
        return last;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
