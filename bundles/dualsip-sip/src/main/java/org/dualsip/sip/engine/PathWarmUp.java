package org.dualsip.sip.engine;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import org.dualsip.sip.stack.JainSipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SIP requests through this node's whole request path once, while it is passive, so that its
 * first takeover does not pay for it. Measured on a Karaf pair: a passive that had never handled a
 * request answered its first OPTIONS ~240 ms after binding the service address (class loading and
 * first-time initialisation of JAIN-SIP's parser, transaction layer and our dispatcher); one that had
 * served before answered within ~15 ms.
 *
 * <p>How: the stack binds quietly on a free loopback port, a plain UDP socket sends {@value #REQUESTS}
 * OPTIONS to it, the engine answers those (and only those: their Call-ID carries this run's marker)
 * although it is passive, then the loopback binding is removed. Best effort and once per engine: a
 * failure is logged and only means a slower first takeover. A takeover meanwhile wins: the real bind
 * waits for the stack's lock at most the few hundred milliseconds this takes, and the warm-up then
 * leaves the real binding alone.
 */
final class PathWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(PathWarmUp.class);
    static final int REQUESTS = 200;
    private static final int RECEIVE_TIMEOUT_MS = 1000;

    private final JainSipStack stack;
    private final List<String> transports;
    private final AtomicBoolean started = new AtomicBoolean();
    private final String marker = "warmup-" + Long.toHexString(System.nanoTime()) + "-";
    private volatile boolean running;
    private volatile int answered = -1;

    PathWarmUp(JainSipStack stack, List<String> transports) {
        this.stack = stack;
        this.transports = transports;
    }

    /** Starts the warm-up on the executor, the first time only. */
    void startOnce(Executor executor) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("engine stopping; no SIP warm-up");
        }
    }

    /** Whether the request is one of this warm-up's own, to be answered although passive. */
    boolean owns(Request request) {
        if (!running || !Request.OPTIONS.equals(request.getMethod())) {
            return false;
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return callId != null && callId.getCallId().startsWith(marker);
    }

    private void run() {
        JainSipStack.Binding binding = null;
        long started = System.nanoTime();
        try {
            binding = stack.bindLoopbackForWarmUp(transports);
            if (binding == null) {
                return; // serving already: nothing to warm up
            }
            running = true;
            int count = exchange(binding);
            LOG.info("SIP request path warmed up while passive: {} of {} OPTIONS answered in {} ms", count,
                    REQUESTS, (System.nanoTime() - started) / 1_000_000);
            running = false;
            stack.unbindWarmUp(binding);
            answered = count;
        } catch (Exception | Error e) {
            LOG.warn("SIP warm-up failed (only the first takeover is slower): {}", e.toString());
        } finally {
            running = false;
            stack.unbindWarmUp(binding);
        }
    }

    /** How many warm-up OPTIONS were answered; -1 until a warm-up has finished. */
    int answered() {
        return answered;
    }

    /** Sends the OPTIONS one after another (each waits for its answer); the number answered. */
    private int exchange(JainSipStack.Binding binding) throws Exception {
        InetSocketAddress target = new InetSocketAddress(binding.host(), binding.port());
        int answered = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(binding.host(), 0))) {
            socket.setSoTimeout(RECEIVE_TIMEOUT_MS);
            byte[] buffer = new byte[4096];
            for (int i = 0; i < REQUESTS; i++) {
                byte[] request = options(binding, socket.getLocalPort(), i).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(request, request.length, target));
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                    answered++;
                } catch (SocketTimeoutException e) {
                    break; // not answering (e.g. it just took over and the binding is gone): stop here
                }
            }
        }
        return answered;
    }

    private String options(JainSipStack.Binding binding, int localPort, int i) {
        String host = binding.host();
        String branch = "z9hG4bK" + marker + i;
        return "OPTIONS sip:" + host + ":" + binding.port() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + localPort + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:warmup@" + host + ">;tag=w" + i + "\r\n"
                + "To: <sip:" + host + ">\r\n"
                + "Call-ID: " + marker + i + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
