package org.dualsip.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node that speaks the server side of protocol version 1 well enough to test the client: hello with a
 * token, register, call commands (refused {@code not-active} unless this node serves), calls,
 * pair-status, ping. The test sets the role, pushes events and raw lines, drops connections and stops
 * listening. Listens on 127.0.0.1 only.
 */
final class FakeNode implements AutoCloseable {

    static final String TOKEN = "test-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final int port;
    final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    final AtomicInteger hellos = new AtomicInteger();
    volatile String role;
    volatile long epoch;
    volatile String peerName = null;
    volatile ArrayNode calls = JSON.createArrayNode();
    /** Answers a request instead of the default when it returns non-null (e.g. to delay or fail one). */
    volatile Function<JsonNode, ObjectNode> override = request -> null;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private final AtomicInteger placed = new AtomicInteger();

    private final javax.net.ssl.SSLContext tls;

    FakeNode(String name, int port, String role, long epoch) throws IOException {
        this(name, port, role, epoch, null);
    }

    /** A node speaking TLS with the given context (its key managers hold the node's certificate). */
    FakeNode(String name, int port, String role, long epoch, javax.net.ssl.SSLContext tls) throws IOException {
        this.name = name;
        this.port = port;
        this.role = role;
        this.epoch = epoch;
        this.tls = tls;
        listen();
    }

    ClientSettings.NodeAddress address() {
        return new ClientSettings.NodeAddress("127.0.0.1", port);
    }

    synchronized void listen() throws IOException {
        ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        threads.execute(() -> acceptUntilClosed(socket));
    }

    /** Stops accepting and drops every connection: as a killed process looks from outside. */
    synchronized void kill() throws IOException {
        server.close();
        dropConnections();
    }

    void dropConnections() {
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        connections.clear();
    }

    int connectionCount() {
        return connections.size();
    }

    /** Sends a frame to every connected client. */
    void send(ObjectNode frame) {
        sendRaw(frame.toString());
    }

    void sendRaw(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (Socket socket : connections) {
            try {
                synchronized (socket) {
                    socket.getOutputStream().write(bytes);
                    socket.getOutputStream().flush();
                }
            } catch (IOException e) {
                connections.remove(socket);
            }
        }
    }

    /** An event frame: {"type":"event","event":name}. */
    static ObjectNode event(String name) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("type", "event");
        frame.put("event", name);
        return frame;
    }

    static ObjectNode call(String id, String state) {
        ObjectNode call = JSON.createObjectNode();
        call.put("id", id);
        call.put("direction", "INBOUND");
        call.put("from", "sip:caller@127.0.0.1");
        call.put("to", "sip:app@127.0.0.1");
        call.put("requestUri", "sip:app@127.0.0.1");
        call.put("state", state);
        call.putNull("sdpOffer");
        call.putNull("sdpAnswer");
        call.put("application", "app");
        call.put("createdAt", "2026-11-26T10:00:00Z");
        return call;
    }

    static ObjectNode callEvent(String name, String id, String state) {
        ObjectNode frame = event(name);
        frame.set("call", call(id, state));
        return frame;
    }

    ObjectNode roleEvent(String newRole, long newEpoch) {
        role = newRole;
        epoch = newEpoch;
        ObjectNode frame = event("role");
        frame.put("role", newRole);
        frame.put("epoch", newEpoch);
        frame.put("reason", "test");
        return frame;
    }

    /** The next request with this op (others are skipped), or null after the timeout. */
    JsonNode awaitRequest(String op, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode request = requests.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (request != null && op.equals(request.path("op").asText())) {
                return request;
            }
        }
        return null;
    }

    private void acceptUntilClosed(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connection.setTcpNoDelay(true);
                connections.add(connection);
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection; InputStream in = connection.getInputStream()) {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                JsonNode request = JSON.readTree(line.toString());
                line.setLength(0);
                requests.add(request);
                ObjectNode answer = override.apply(request);
                reply(connection, answer != null ? answer : answer(request));
            }
        } catch (IOException e) {
            // the connection is gone
        } finally {
            connections.remove(connection);
        }
    }

    private void reply(Socket connection, ObjectNode answer) throws IOException {
        if (answer.has("skip")) {
            return; // the test answers later, or never
        }
        OutputStream out = connection.getOutputStream();
        synchronized (connection) {
            out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    ObjectNode answer(JsonNode request) {
        String op = request.path("op").asText();
        ObjectNode result = JSON.createObjectNode();
        result.put("type", "result");
        result.set("id", request.get("id"));
        switch (op) {
            case "hello" -> {
                if (!TOKEN.equals(request.path("token").asText())) {
                    return error(request, "unauthorized", "bad token");
                }
                hellos.incrementAndGet();
                result.put("protocol", 1);
                result.put("node", name);
                result.put("role", role);
                result.put("epoch", epoch);
                result.put("peerNode", peerName);
            }
            case "register", "ping", "switchover" -> { }
            case "pair-status" -> {
                ObjectNode pair = result.putObject("pair");
                pair.put("node", name);
                pair.put("role", role);
                pair.put("epoch", epoch);
                pair.put("sync", "IN_SYNC");
                pair.put("holdsAddress", serving());
            }
            default -> {
                if (!serving()) {
                    ObjectNode refused = error(request, "not-active", name + " is " + role);
                    refused.put("role", role);
                    refused.putNull("active");
                    return refused;
                }
                if ("place".equals(op)) {
                    result.put("call", name + "-placed-" + placed.incrementAndGet());
                } else if ("calls".equals(op)) {
                    result.set("calls", calls);
                }
            }
        }
        return result;
    }

    boolean serving() {
        return "ACTIVE".equals(role) || "STANDALONE".equals(role);
    }

    static ObjectNode error(JsonNode request, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("type", "error");
        error.set("id", request.get("id"));
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    @Override
    public void close() throws IOException {
        kill();
        threads.shutdownNow();
    }
}
