package org.dualsip.bench.pair;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends an OPTIONS over UDP to one SIP address every couple of milliseconds, from one socket, and
 * records when each answer arrives: the timeline that the takeover and switchover gaps are read from.
 * Every probe is a new transaction (own Call-ID and branch), so no answer is a retransmission.
 * Bounded: it stops by itself after {@code maxProbes} probes; {@link #close()} stops it earlier.
 */
public final class OptionsPinger implements AutoCloseable {

    private final String localIp;
    private final int localPort;
    private final String targetHost;
    private final int targetPort;
    private final long intervalNanos;
    private final int maxProbes;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Pattern ourCallId;
    private final AtomicLongArray sentNanos;
    private final ConcurrentLinkedQueue<ProbeAnswer> answers = new ConcurrentLinkedQueue<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "options-pinger");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private volatile long probesSent;
    private DatagramSocket socket;

    public OptionsPinger(String localIp, int localPort, String targetHost, int targetPort, Duration interval,
            int maxProbes) {
        this.localIp = localIp;
        this.localPort = localPort;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.intervalNanos = interval.toNanos();
        this.maxProbes = maxProbes;
        this.sentNanos = new AtomicLongArray(maxProbes);
        this.ourCallId = Pattern.compile("pinger-" + run + "-(\\d+)");
    }

    public OptionsPinger start() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(localIp, localPort));
        // Short, so that the receiving loop sees 'running' go false soon after close().
        socket.setSoTimeout(50);
        running = true;
        executor.execute(this::sendLoop);
        executor.execute(this::receiveLoop);
        return this;
    }

    private void sendLoop() {
        InetSocketAddress target = new InetSocketAddress(targetHost, targetPort);
        long next = System.nanoTime();
        for (int sequence = 0; running && sequence < maxProbes; sequence++) {
            byte[] request = request(sequence).getBytes(StandardCharsets.US_ASCII);
            sentNanos.set(sequence, System.nanoTime());
            try {
                socket.send(new DatagramPacket(request, request.length, target));
            } catch (IOException e) {
                // A refused or failed send is just a probe without an answer: the gap shows it.
            }
            probesSent = sequence + 1;
            next += intervalNanos;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private void receiveLoop() {
        byte[] buffer = new byte[8192];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (running) {
            packet.setLength(buffer.length); // receive() shrinks it to the last datagram's size
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!running) {
                    return;
                }
                continue;
            }
            long received = System.nanoTime();
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
            answerOf(text, received).ifPresent(answers::add);
        }
    }

    Optional<ProbeAnswer> answerOf(String response, long receivedNanos) {
        if (!response.startsWith("SIP/2.0 ") || response.length() < 11) {
            return Optional.empty();
        }
        Matcher matcher = ourCallId.matcher(response);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            int sequence = Integer.parseInt(matcher.group(1));
            int status = Integer.parseInt(response.substring(8, 11));
            if (sequence < 0 || sequence >= maxProbes) {
                return Optional.empty();
            }
            return Optional.of(new ProbeAnswer(sequence, sentNanos.get(sequence), receivedNanos, status));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String request(int sequence) {
        String callId = "pinger-" + run + "-" + sequence;
        return "OPTIONS sip:" + targetHost + ":" + targetPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localIp + ":" + localPort + ";branch=z9hG4bK" + run + "x" + sequence + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:pinger@" + localIp + ">;tag=" + run + "\r\n"
                + "To: <sip:" + targetHost + ":" + targetPort + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Contact: <sip:pinger@" + localIp + ":" + localPort + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** Every answer so far, in arrival order. */
    public List<ProbeAnswer> answers() {
        return new ArrayList<>(answers);
    }

    public long probesSent() {
        return probesSent;
    }

    /**
     * Waits until a probe sent at or after {@code sentAfterNanos} gets a 2xx answer; its arrival
     * time, or empty when none came within the timeout.
     */
    public OptionalLong awaitSuccessSentAfter(long sentAfterNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // The receiving thread stamped the arrival: polling late does not change the figure.
            OptionalLong first = ProbeTimeline.firstSuccessSentAfter(answers, sentAfterNanos);
            if (first.isPresent()) {
                return first;
            }
            Thread.sleep(5);
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        executor.shutdown();
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
        if (socket != null) {
            socket.close();
        }
    }
}
