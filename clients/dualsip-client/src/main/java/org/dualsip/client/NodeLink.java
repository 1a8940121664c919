package org.dualsip.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connection to one node, kept up for the client's whole life: connect, {@code hello},
 * {@code register}, then read frames until the connection drops, then reconnect after a jittered
 * exponential backoff — forever, until {@link #close()}. Requests are correlated with their answers by
 * id; an answer is the raw result or error frame (the caller interprets it). Events go to the
 * {@link Handler} on this link's reader thread, in the order the node sent them.
 */
final class NodeLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLink.class);

    /** Marks the end of a session's outgoing queue. */
    private static final byte[] END = new byte[0];

    /** What the client does with what a link learns. Called on the link's reader thread. */
    interface Handler {
        /** Handshake and registration done; {@code hello} is the hello result frame. */
        void onReady(NodeLink link, JsonNode hello);

        /** An event frame. */
        void onEvent(NodeLink link, JsonNode event);

        /** The connection is gone; {@code wasReady} when it had completed its handshake (else an attempt failed). */
        void onDown(NodeLink link, String why, boolean wasReady);
    }

    private final ClientSettings.NodeAddress address;
    private final ClientSettings settings;
    private final ProtocolCodec codec;
    private final Handler handler;
    private final ExecutorService threads;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong ids;
    private final Backoff backoff;

    private volatile Session session;
    private volatile String nodeName;
    private volatile String role = NodeRoles.DISCONNECTED;
    private volatile long epoch = -1;
    private volatile boolean closed;

    NodeLink(ClientSettings.NodeAddress address, ClientSettings settings, ProtocolCodec codec, Handler handler,
            ExecutorService threads, ScheduledExecutorService scheduler, AtomicLong ids) {
        this.address = address;
        this.settings = settings;
        this.codec = codec;
        this.handler = handler;
        this.threads = threads;
        this.scheduler = scheduler;
        this.ids = ids;
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax());
    }

    void start() {
        threads.execute(this::connectForever);
    }

    /** The node's name from its hello result, else its address. */
    String name() {
        String name = nodeName;
        return name == null ? address.toString() : name;
    }

    ClientSettings.NodeAddress address() {
        return address;
    }

    String role() {
        return role;
    }

    long epoch() {
        return epoch;
    }

    /** Records the node's role (hello result, role event, not-active error). */
    void role(String newRole, long newEpoch) {
        role = newRole;
        if (newEpoch >= 0) {
            epoch = newEpoch;
        }
    }

    boolean isReady() {
        Session current = session;
        return current != null && current.ready;
    }

    /** True when this node is connected and serves calls (ACTIVE or STANDALONE). */
    boolean isServing() {
        return isReady() && NodeRoles.isServing(role);
    }

    /**
     * Sends a request; the future completes with the node's result or error frame, or exceptionally
     * with a {@link CommandException} (connection lost, timeout, queue full).
     */
    CompletableFuture<JsonNode> request(String op, ObjectNode args) {
        Session current = session;
        if (current == null || !current.ready) {
            return CompletableFuture.failedFuture(new CommandException(CommandException.CONNECTION_LOST,
                    "not connected to node " + name(), name()));
        }
        return current.send(op, args);
    }

    private void connectForever() {
        while (!closed) {
            String why = runOneSession();
            if (closed) {
                return;
            }
            long delay = backoff.nextDelayMillis();
            LOG.info("dualsip node {} ({}): {}; reconnecting in {} ms", name(), address, why, delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One connection from connect to drop; returns why it ended. Never throws. */
    private String runOneSession() {
        Session current = null;
        String why;
        try {
            current = new Session(openSocket());
            session = current;
            current.startWriter();
            JsonNode hello = current.handshake();
            backoff.reset();
            handler.onReady(this, hello);
            why = current.readUntilClosed();
        } catch (IOException | CommandException e) {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("dualsip node {}: unexpected failure in the connection", name(), e);
            why = "unexpected failure: " + e;
        }
        boolean wasConnected = current != null && current.ready;
        if (current != null) {
            current.shutdown(why);
        }
        session = null;
        role = NodeRoles.DISCONNECTED;
        try {
            handler.onDown(this, why, wasConnected);
        } catch (RuntimeException e) {
            LOG.error("dualsip node {}: failure handling the disconnect", name(), e);
        }
        if (wasConnected) {
            LOG.warn("dualsip node {} ({}) disconnected: {}", name(), address, why);
        }
        return why;
    }

    private Socket openSocket() throws IOException {
        int timeout = (int) settings.connectTimeout().toMillis();
        Socket socket = settings.tls() == null ? new Socket()
                : settings.tls().getSocketFactory().createSocket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), timeout);
            socket.setSoTimeout(timeout);
            if (socket instanceof SSLSocket ssl) {
                // The node's certificate must name the address we dialled, as HTTPS clients check it.
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        Session current = session;
        if (current != null) {
            current.shutdown("client closed");
        }
    }

    /** One TCP (or TLS) connection: its socket, outgoing queue and requests awaiting an answer. */
    private final class Session {
        private final Socket socket;
        private final BlockingQueue<byte[]> outgoing;
        private final ConcurrentHashMap<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final FrameReader reader;
        private volatile boolean ready;
        private volatile long lastReceived = System.nanoTime();

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.outgoing = new LinkedBlockingQueue<>(settings.queueLimit());
            this.reader = new FrameReader(socket.getInputStream(), settings.maxFrameBytes());
        }

        void startWriter() throws IOException {
            OutputStream out = socket.getOutputStream();
            threads.execute(() -> writeUntilEnd(out));
        }

        private void writeUntilEnd(OutputStream out) {
            try {
                for (byte[] frame = outgoing.take(); frame != END; frame = outgoing.take()) {
                    out.write(frame);
                    if (outgoing.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                LOG.debug("dualsip node {}: write failed: {}", name(), e.toString());
                closeSocket();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeSocket();
            }
        }

        CompletableFuture<JsonNode> send(String op, ObjectNode args) {
            long id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            if (!outgoing.offer(codec.request(id, op, args))) {
                pending.remove(id);
                answer.completeExceptionally(new CommandException(CommandException.QUEUE_FULL,
                        "outgoing queue to node " + name() + " is full", name()));
                return answer;
            }
            long timeout = settings.commandTimeout().toMillis();
            ScheduledFuture<?> timer = scheduler.schedule(() -> {
                if (pending.remove(id) != null) {
                    answer.completeExceptionally(new CommandException(CommandException.TIMEOUT,
                            "no answer from node " + name() + " to '" + op + "' within " + timeout + " ms", name()));
                }
            }, timeout, TimeUnit.MILLISECONDS);
            answer.whenComplete((frame, failure) -> timer.cancel(false));
            return answer;
        }

        /** hello, then register; frames other than the awaited answers are handled as usual. */
        JsonNode handshake() throws IOException {
            ObjectNode hello = codec.object();
            hello.put("protocol", ProtocolCodec.PROTOCOL_VERSION);
            hello.put("application", settings.application());
            if (settings.token() != null) {
                hello.put("token", settings.token());
            }
            JsonNode helloAnswer = await(send("hello", hello), "hello");
            nodeName = ProtocolCodec.text(helloAnswer, "node");
            role(ProtocolCodec.text(helloAnswer, "role"), helloAnswer.path("epoch").asLong(-1));
            ObjectNode register = codec.object();
            register.putArray("patterns").addAll(settings.patterns().stream()
                    .map(p -> codec.object().textNode(p)).toList());
            await(send("register", register), "register");
            socket.setSoTimeout((int) settings.keepalive().toMillis());
            ready = true;
            LOG.info("dualsip node {} ({}) connected: {} in epoch {}", name(), address, role, epoch);
            return helloAnswer;
        }

        /** Reads frames on this thread until the answer arrives; an error answer ends the session. */
        private JsonNode await(CompletableFuture<JsonNode> answer, String op) throws IOException {
            while (!answer.isDone()) {
                if (!readOne()) {
                    throw new IOException("connection closed by the node during '" + op + "'");
                }
            }
            JsonNode frame;
            try {
                frame = answer.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof CommandException failure ? failure : e;
            }
            if ("error".equals(frame.path("type").asText())) {
                String code = frame.path("code").asText();
                String message = frame.path("message").asText();
                if ("unauthorized".equals(code) || "unsupported-protocol".equals(code)) {
                    LOG.error("dualsip node {} refused '{}' of application {}: {} ({})", name(), op,
                            settings.application(), code, message);
                }
                throw new CommandException(code, op + " refused: " + code + " (" + message + ")", name());
            }
            return frame;
        }

        String readUntilClosed() throws IOException {
            while (!closed) {
                if (!readOne()) {
                    return "connection closed by the node";
                }
            }
            return "client closed";
        }

        /** Reads and handles one frame; false at end of stream. Pings an idle node, drops a silent one. */
        private boolean readOne() throws IOException {
            byte[] line;
            try {
                line = reader.next();
            } catch (SocketTimeoutException idle) {
                long silentFor = System.nanoTime() - lastReceived;
                if (!ready || silentFor > 3 * settings.keepalive().toNanos()) {
                    throw new IOException("node silent for " + TimeUnit.NANOSECONDS.toMillis(silentFor) + " ms");
                }
                send("ping", null);
                return true;
            }
            if (line == null) {
                return false;
            }
            lastReceived = System.nanoTime();
            handle(line);
            return true;
        }

        private void handle(byte[] line) {
            JsonNode frame;
            try {
                frame = codec.parse(line);
            } catch (ProtocolCodec.BadFrameException e) {
                LOG.warn("dualsip node {}: ignored a bad frame ({})", name(), e.getMessage());
                return;
            }
            switch (frame.get("type").asText()) {
                case "result", "error" -> answer(frame);
                case "event" -> handler.onEvent(NodeLink.this, frame);
                case "goodbye" -> LOG.warn("dualsip node {} is closing the connection: {}", name(),
                        ProtocolCodec.text(frame, "reason"));
                default -> LOG.warn("dualsip node {}: ignored a frame of unknown type {}", name(), frame.get("type"));
            }
        }

        private void answer(JsonNode frame) {
            JsonNode id = frame.get("id");
            CompletableFuture<JsonNode> waiting = id == null || !id.canConvertToLong() ? null
                    : pending.remove(id.asLong());
            if (waiting != null) {
                waiting.complete(frame);
            } else if ("error".equals(frame.path("type").asText())) {
                LOG.warn("dualsip node {} reported an error outside any request: {} ({})", name(),
                        ProtocolCodec.text(frame, "code"), ProtocolCodec.text(frame, "message"));
            } else {
                LOG.debug("dualsip node {}: answer to an unknown or expired request {}", name(), id);
            }
        }

        void shutdown(String why) {
            ready = false;
            closeSocket();
            outgoing.clear();
            outgoing.offer(END);
            CommandException lost = new CommandException(CommandException.CONNECTION_LOST,
                    "connection to node " + name() + " lost: " + why, name());
            pending.values().forEach(waiting -> waiting.completeExceptionally(lost));
            pending.clear();
        }

        private void closeSocket() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("dualsip node {}: close failed: {}", name(), e.toString());
            }
        }
    }
}
