package org.dualsip.connector;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.dualsip.api.connector.ConnectorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side: one acceptor task per listening socket, and per connection a reader and a
 * writer task on the I/O executor. Connections over max.connections are refused with a goodbye.
 * A change of address, port or TLS settings opens a new listening socket; open connections stay.
 * A socket that cannot be opened (port busy) is tried again every {@value #RETRY_MILLIS} ms.
 */
final class ConnectorServer {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorServer.class);
    /** How often a listening socket that could not be opened is tried again. */
    static final long RETRY_MILLIS = 5000;

    private final RequestHandler.Context context;
    private final Scheduler scheduler;
    private final ExecutorService acceptors;
    private final ExecutorService io;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket listening;
    private ConnectorSettings listeningWith;
    private volatile String problem;

    ConnectorServer(RequestHandler.Context context, Scheduler scheduler, ExecutorService acceptors, ExecutorService io) {
        this.context = context;
        this.scheduler = scheduler;
        this.acceptors = acceptors;
        this.io = io;
    }

    private Supplier<ConnectorSettings> settings() {
        return context.settings();
    }

    /** Opens, moves or closes the listening socket to match the settings now in force. */
    synchronized void apply() {
        ConnectorSettings s = settings().get();
        if (listening != null && !s.listensDifferentlyFrom(listeningWith)) {
            return;
        }
        stopListening();
        if (!s.enabled()) {
            problem = "disabled (enabled = false)";
            LOG.info("connector disabled: not listening");
            return;
        }
        try {
            ServerSocket socket = TlsSockets.listen(s);
            listening = socket;
            listeningWith = s;
            problem = null;
            acceptors.execute(() -> acceptLoop(socket));
            LOG.info("connector listening on {}{} ({})", s.endpoint(), s.tlsEnabled() ? " (TLS)" : "", s);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = "cannot listen on " + s.endpoint() + ": " + e.getMessage();
            if (!why.equals(problem)) {
                LOG.error("connector not listening: {}; retrying every {} ms", why, RETRY_MILLIS);
            }
            problem = why;
            // e.g. the port is still held by a process on its way out: keep trying with these settings
            scheduler.schedule(() -> retry(s), RETRY_MILLIS);
        }
    }

    private synchronized void retry(ConnectorSettings failed) {
        if (listening == null && settings().get() == failed && problem != null && problem.startsWith("cannot listen")) {
            apply();
        }
    }

    /** The configuration was refused before anything could listen: say why in dualsip:apps too. */
    synchronized void refuse(String why) {
        stopListening();
        problem = why;
        LOG.error("connector not listening: {}", why);
    }

    synchronized void stopListening() {
        if (listening != null) {
            try {
                listening.close();
            } catch (IOException e) {
                LOG.debug("closing the listening socket: {}", e.toString());
            }
            listening = null;
            listeningWith = null;
        }
    }

    /** Stops listening and closes every connection with a goodbye. */
    void stop(String reason) {
        stopListening();
        for (Connection c : connections) {
            c.close(reason);
        }
    }

    /** Connections still open (e.g. after stop, while goodbyes leave). */
    int openConnections() {
        return connections.size();
    }

    synchronized ConnectorStatus status() {
        ConnectorSettings s = settings().get();
        ConnectorCounters c = context.counters();
        return new ConnectorStatus(listening != null, s.endpoint(), s.tlsEnabled(), problem, c.open.get(),
                c.accepted.get(), c.authenticated.get(), c.refusedUnauthorized.get(), c.refusedOverLimit.get(),
                c.droppedSlow.get());
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("connector: accept failed: {}", e.toString());
                    pause();
                }
                continue;
            }
            try {
                admit(accepted);
            } catch (RuntimeException e) {
                LOG.error("connector: cannot serve {}", accepted.getRemoteSocketAddress(), e);
                closeQuietly(accepted);
            }
        }
    }

    private void admit(Socket socket) {
        ConnectorCounters counters = context.counters();
        counters.accepted.incrementAndGet();
        ConnectorSettings s = settings().get();
        if (counters.open.get() >= s.maxConnections()) {
            counters.refusedOverLimit.incrementAndGet();
            LOG.warn("connector: refused {}: {} connections open (max.connections)",
                    socket.getRemoteSocketAddress(), s.maxConnections());
            refuseOverLimit(socket);
            return;
        }
        counters.open.incrementAndGet();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            fastKeepAlive(socket);
        } catch (IOException e) {
            LOG.debug("socket options: {}", e.toString());
        }
        Connection[] holder = new Connection[1];
        Connection connection = new Connection(socket, s, scheduler, counters, () -> closed(holder[0]));
        holder[0] = connection;
        RequestHandler handler = new RequestHandler(connection, context);
        connection.handler(handler);
        connections.add(connection);
        scheduler.schedule(() -> {
            if (!handler.authenticated()) {
                connection.close("no hello within " + s.helloTimeoutMs() + " ms");
            }
        }, s.helloTimeoutMs());
        try {
            io.execute(connection::readLoop);
            io.execute(connection::writeLoop);
        } catch (RejectedExecutionException stopping) {
            connection.closeSocket();
        }
    }

    /**
     * An application whose host died leaves a half-open connection: without a FIN it would keep its
     * name (name-in-use) for the system's keepalive time (2 h on Linux). Probing after 30 s idle,
     * every 10 s, 3 times, frees it within about a minute. The options are looked up by name where
     * the platform has them (Linux, macOS), so nothing outside java.base is imported.
     */
    @SuppressWarnings("unchecked")
    private static void fastKeepAlive(Socket socket) {
        Map<String, Integer> wanted = Map.of("TCP_KEEPIDLE", 30, "TCP_KEEPINTERVAL", 10, "TCP_KEEPCOUNT", 3);
        for (java.net.SocketOption<?> option : socket.supportedOptions()) {
            Integer value = wanted.get(option.name());
            if (value != null && option.type() == Integer.class) {
                try {
                    socket.setOption((java.net.SocketOption<Integer>) option, value);
                } catch (IOException | UnsupportedOperationException e) {
                    LOG.debug("socket option {}: {}", option.name(), e.toString());
                }
            }
        }
    }

    private void closed(Connection connection) {
        if (connections.remove(connection)) {
            context.counters().open.decrementAndGet();
        }
    }

    /** A plain socket gets a goodbye (a few bytes into an empty send buffer never block); TLS is just closed. */
    private static void refuseOverLimit(Socket socket) {
        try {
            if (!(socket instanceof javax.net.ssl.SSLSocket)) {
                OutputStream out = socket.getOutputStream();
                out.write("{\"type\":\"goodbye\",\"reason\":\"too many connections\"}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("goodbye to a refused connection: {}", e.toString());
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // e.g. out of file descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
