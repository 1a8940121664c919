package org.dualsip.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's socket: a reader task (bounded lines to the {@link RequestHandler}) and a writer
 * task (frames from a bounded queue). Senders never block: a full queue closes the connection as a
 * slow consumer. Closing is idempotent and ends both tasks; whatever happens here stays here.
 */
final class Connection implements Peer {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** How long a goodbye may take to leave before the socket is closed under a stuck writer. */
    static final long CLOSE_GRACE_MILLIS = 1000;
    private static final ObjectNode END = Frames.object();

    private final Socket socket;
    private final String remote;
    private final BlockingQueue<ObjectNode> outgoing;
    private final int queueLimit;
    private final int maxFrameBytes;
    private final Scheduler scheduler;
    private final ConnectorCounters counters;
    private final Runnable onClosed;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean clientCertificate;
    private RequestHandler handler;

    Connection(Socket socket, ConnectorSettings settings, Scheduler scheduler, ConnectorCounters counters,
               Runnable onClosed) {
        this.socket = socket;
        this.remote = describe(socket);
        this.outgoing = new ArrayBlockingQueue<>(settings.queueLimit() + 2); // room for goodbye and end
        this.queueLimit = settings.queueLimit();
        this.maxFrameBytes = settings.maxFrameBytes();
        this.scheduler = scheduler;
        this.counters = counters;
        this.onClosed = onClosed;
    }

    void handler(RequestHandler handler) {
        this.handler = handler;
    }

    @Override
    public boolean send(ObjectNode frame) {
        if (closing.get()) {
            return false;
        }
        if (outgoing.size() >= queueLimit || !outgoing.offer(frame)) {
            slowConsumer();
            return false;
        }
        return true;
    }

    private void slowConsumer() {
        if (closing.get()) {
            return;
        }
        counters.droppedSlow.incrementAndGet();
        LOG.warn("connector: {} does not read its frames ({} queued): disconnecting it", remote, queueLimit);
        outgoing.clear();
        close("slow consumer: outgoing queue full");
    }

    @Override
    public void close(String goodbyeReason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (goodbyeReason != null) {
            outgoing.offer(Frames.goodbye(goodbyeReason));
        }
        outgoing.offer(END);
        // the writer may be stuck in a write to a peer that does not read: do not wait for it forever
        scheduler.schedule(this::closeSocket, CLOSE_GRACE_MILLIS);
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public boolean tls() {
        return socket instanceof SSLSocket;
    }

    @Override
    public boolean verifiedClientCertificate() {
        return clientCertificate;
    }

    /** The reader task: TLS handshake, then one request per line until the end. */
    void readLoop() {
        try {
            handshake();
            BoundedLineReader reader = new BoundedLineReader(socket.getInputStream(), maxFrameBytes);
            String line;
            while ((line = reader.readLine()) != null) {
                if (!handler.handle(line)) {
                    return;
                }
            }
            closeSocket();
        } catch (FrameTooLargeException e) {
            send(Frames.error(null, "frame-too-large", e.getMessage() + " (max.frame.bytes)"));
            close(null);
        } catch (IOException e) {
            LOG.debug("connector: {} read ended: {}", remote, e.toString());
            closeSocket();
        } catch (RuntimeException e) {
            LOG.error("connector: {} reader failed", remote, e);
            closeSocket();
        }
    }

    private void handshake() throws IOException {
        if (socket instanceof SSLSocket ssl) {
            ssl.startHandshake();
            try {
                clientCertificate = ssl.getSession().getPeerCertificates().length > 0;
            } catch (SSLPeerUnverifiedException none) {
                clientCertificate = false;
            }
        }
    }

    /** The writer task: frames in order, flushed when the queue runs dry (one flush per burst). */
    void writeLoop() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            while (true) {
                ObjectNode frame = outgoing.take();
                if (frame == END) {
                    out.flush();
                    break;
                }
                Frames.write(frame, out);
                if (outgoing.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException e) {
            LOG.debug("connector: {} write ended: {}", remote, e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.debug("connector: {} writer failed: {}", remote, e.toString());
        } finally {
            closeSocket();
        }
    }

    /** Closes the socket once; the reader and the writer end, the handler applies the orphan policy. */
    void closeSocket() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.set(true);
        outgoing.clear();
        outgoing.offer(END); // wakes a writer waiting for frames
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("connector: closing {}: {}", remote, e.toString());
        }
        try {
            if (handler != null) {
                handler.connectionClosed();
            }
        } finally {
            onClosed.run();
        }
    }

    private static String describe(Socket socket) {
        if (socket.getRemoteSocketAddress() instanceof InetSocketAddress a) {
            String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(socket.getRemoteSocketAddress());
    }
}
