package org.dualsip.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote call-control application's connection to a dualsip pair. Connects to both nodes by their own
 * connector addresses, authenticates, registers the application's request-URI patterns on both (the
 * passive keeps them for after a takeover), follows the nodes' roles and sends every command to the node
 * that serves (ACTIVE or STANDALONE) — re-routing on {@code not-active}, waiting a bounded time when no
 * node serves. Each node is reconnected with a jittered exponential backoff until {@link #close()}.
 *
 * <p>Commands return at once with a {@link CompletableFuture}: it completes when the serving node has
 * accepted the command (its effects arrive as {@link RemoteCallEvent}s), or fails with a
 * {@link CommandException} carrying the node's error code or the client's own ({@code no-active-node},
 * {@code timeout}, ...). Block with {@code .get(timeout)} if that suits the application better. All
 * methods are thread-safe.
 *
 * <p>The application sees one view of its calls ({@link #calls()}): the same ids before and after a
 * takeover, and one {@link RemoteCallListener#onTakeover} per takeover. An application that ignores
 * takeovers works unchanged across them.
 */
public final class DualsipClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DualsipClient.class);

    private final ClientSettings settings;
    private final ExecutorService linkThreads;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService delivery;
    private final List<NodeLink> links = new ArrayList<>();
    private final CallBook book = new CallBook();
    private final ProtocolCodec codec = new ProtocolCodec();
    private final RoleBoard roles;
    private final CommandRouter router;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    private DualsipClient(ClientSettings settings, RemoteCallListener listener) {
        this.settings = settings;
        String name = settings.application();
        this.linkThreads = Executors.newCachedThreadPool(threads("dualsip-client-" + name + "-link"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                threads("dualsip-client-" + name + "-timer"));
        timers.setRemoveOnCancelPolicy(true); // command timeouts are cancelled by the thousand
        this.scheduler = timers;
        this.delivery = Executors.newSingleThreadExecutor(threads("dualsip-client-" + name + "-events"));
        AtomicLong ids = new AtomicLong();
        // The links need a handler before the router that handles their frames can exist (it needs
        // the role board, which needs the links): the handler forwards once the router is set.
        ForwardingHandler handler = new ForwardingHandler();
        for (ClientSettings.NodeAddress address : settings.nodes()) {
            links.add(new NodeLink(address, settings, codec, handler, linkThreads, scheduler, ids));
        }
        this.roles = new RoleBoard(links, scheduler);
        handler.target = new EventRouter(codec, book, roles, listener, delivery, scheduler,
                settings.takeoverGrace().toMillis());
        this.router = new CommandRouter(roles, settings.activeWait().toNanos());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts connecting to the nodes (in the background) and returns this client. */
    public DualsipClient start() {
        if (closed) {
            throw new IllegalStateException("client closed");
        }
        if (started.compareAndSet(false, true)) {
            LOG.info("dualsip client {} starting: nodes {}, patterns {}", settings.application(), settings.nodes(),
                    settings.patterns());
            links.forEach(NodeLink::start);
        }
        return this;
    }

    /** Sends a provisional response (180, 183 or another 1xx above 100), with early-media SDP or null. */
    public CompletableFuture<Void> ring(String callId, int code, String sdp) {
        ObjectNode args = call(callId).put("code", code);
        args.put("sdp", sdp);
        return command("ring", args);
    }

    /** Answers an inbound call with 200 and the SDP answer. */
    public CompletableFuture<Void> answer(String callId, String sdp) {
        return command("answer", call(callId).put("sdp", sdp));
    }

    /** Rejects an unanswered inbound call with a final code (300-699) and an optional reason phrase. */
    public CompletableFuture<Void> reject(String callId, int code, String reason) {
        ObjectNode args = call(callId).put("code", code);
        if (reason != null) {
            args.put("reason", reason);
        }
        return command("reject", args);
    }

    /** Ends a call (BYE, CANCEL or 480, whichever its state calls for). */
    public CompletableFuture<Void> hangUp(String callId) {
        return command("hangup", call(callId));
    }

    /** Accepts the pending re-INVITE/UPDATE with 200 and the SDP answer (null for none). */
    public CompletableFuture<Void> acceptReoffer(String callId, String sdp) {
        ObjectNode args = call(callId);
        args.put("sdp", sdp);
        return command("accept-reoffer", args);
    }

    /** Refuses the pending re-INVITE/UPDATE with a final code (e.g. 488). */
    public CompletableFuture<Void> refuseReoffer(String callId, int code) {
        return command("refuse-reoffer", call(callId).put("code", code));
    }

    /**
     * Sends a re-INVITE with a new SDP offer in a confirmed call; the answer comes as a
     * {@code reoffer-answered} event. Fails with {@code call-state} while an offer is outstanding.
     */
    public CompletableFuture<Void> reoffer(String callId, String sdp) {
        return command("reoffer", call(callId).put("sdp", sdp));
    }

    /** Accepts the transfer the far end asked for (202, then NOTIFY 100 Trying). */
    public CompletableFuture<Void> acceptTransfer(String callId) {
        return command("accept-transfer", call(callId));
    }

    /** Refuses the transfer the far end asked for with a final code 300-699 (e.g. 603). */
    public CompletableFuture<Void> refuseTransfer(String callId, int code) {
        return command("refuse-transfer", call(callId).put("code", code));
    }

    /** Reports the transfer call's progress (101-699; a final code ends the subscription). */
    public CompletableFuture<Void> transferProgress(String callId, int code) {
        return command("transfer-progress", call(callId).put("code", code));
    }

    /** Asks the far end of a confirmed call to call {@code referTo} (REFER). */
    public CompletableFuture<Void> transfer(String callId, String referTo) {
        return command("transfer", call(callId).put("to", referTo));
    }

    /**
     * Sends an UPDATE (RFC 3311) with a new SDP offer: in a confirmed call, or in an early dialog once
     * the INVITE's offer/answer is complete; the answer comes as a {@code reoffer-answered} event.
     */
    public CompletableFuture<Void> update(String callId, String sdp) {
        return command("update", call(callId).put("sdp", sdp));
    }

    /**
     * Places an outbound call; completes with its id. Never sent twice: if the connection drops before
     * the node answers, the future fails with {@code connection-lost} and the call may or may not exist
     * (it then shows up in {@link #calls()} through its events or the next takeover).
     */
    public CompletableFuture<String> placeCall(String from, String to, String sdp, Map<String, String> headers) {
        ObjectNode args = codec.object().put("from", from).put("to", to).put("sdp", sdp);
        if (headers != null && !headers.isEmpty()) {
            ObjectNode extra = args.putObject("headers");
            headers.forEach(extra::put);
        }
        return router.send("place", args, false).thenApply(result -> result.path("call").asText());
    }

    /**
     * Places the call an accepted transfer asks for, linked to the transferred call: the node itself reports
     * its progress there (NOTIFY 18x, 200 when answered, its failure code), also after a takeover.
     */
    public CompletableFuture<String> placeTransferCall(String transferredCallId, String from, String to, String sdp,
                                                       Map<String, String> headers) {
        ObjectNode args = codec.object().put("from", from).put("to", to).put("sdp", sdp)
                .put("transferOf", transferredCallId);
        if (headers != null && !headers.isEmpty()) {
            ObjectNode extra = args.putObject("headers");
            headers.forEach(extra::put);
        }
        return router.send("place", args, false).thenApply(result -> result.path("call").asText());
    }

    /** This application's live calls as the serving node lists them now. */
    public CompletableFuture<List<RemoteCall>> fetchCalls() {
        return router.send("calls", null, true).thenApply(result -> {
            try {
                return codec.calls(result.get("calls"));
            } catch (ProtocolCodec.BadFrameException e) {
                throw new CommandException("bad-frame", e.getMessage(), null);
            }
        });
    }

    /** The state of the pair from a connected node (the serving one if possible); answered in any role. */
    public CompletableFuture<PairView> pairStatus() {
        Optional<NodeLink> node = roles.anyConnected();
        if (node.isEmpty()) {
            return CompletableFuture.failedFuture(new CommandException(CommandException.CONNECTION_LOST,
                    "not connected to any node (" + roles.describe() + ")", null));
        }
        NodeLink link = node.get();
        return link.request("pair-status", null).thenApply(frame -> {
            if ("error".equals(frame.path("type").asText())) {
                throw new CommandException(frame.path("code").asText(), ProtocolCodec.text(frame, "message"),
                        link.name());
            }
            try {
                return codec.pairView(frame.get("pair"));
            } catch (ProtocolCodec.BadFrameException e) {
                throw new CommandException("bad-frame", e.getMessage(), link.name());
            }
        });
    }

    /** Asks the active node to hand over to its peer; fails with code {@code refused} and the reason. */
    public CompletableFuture<Void> switchover() {
        return router.send("switchover", null, false).thenApply(result -> null);
    }

    /** Snapshots of this application's live calls as the client knows them (no network round trip). */
    public List<RemoteCall> calls() {
        return book.live();
    }

    /** The latest snapshot of one live call, if the client knows it. */
    public Optional<RemoteCall> findCall(String callId) {
        return book.find(callId);
    }

    /** The name of the node commands go to now, if one serves. */
    public Optional<String> activeNode() {
        return roles.serving().map(NodeLink::name);
    }

    /** Completes with the serving node's name once one serves (bounded by the client's active wait). */
    public CompletableFuture<String> whenActive() {
        return roles.awaitServing(System.nanoTime() + settings.activeWait().toNanos()).thenApply(NodeLink::name);
    }

    /**
     * Disconnects from both nodes and stops the client's threads. Commands waiting for a serving node fail
     * with {@code closed}, commands sent and not yet answered with {@code connection-lost}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        roles.failAll(new CommandException(CommandException.CLOSED, "client closed", null));
        links.forEach(NodeLink::close);
        linkThreads.shutdownNow();
        scheduler.shutdownNow();
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(2, TimeUnit.SECONDS)) {
                delivery.shutdownNow();
            }
            linkThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("dualsip client {} closed", settings.application());
    }

    private CompletableFuture<Void> command(String op, ObjectNode args) {
        if (closed) {
            return CompletableFuture.failedFuture(new CommandException(CommandException.CLOSED, "client closed", null));
        }
        return router.send(op, args, true).thenApply(result -> null);
    }

    private ObjectNode call(String callId) {
        return codec.object().put("call", callId);
    }

    /** Hands the links' callbacks to the event router, set once before any link starts. */
    private static final class ForwardingHandler implements NodeLink.Handler {
        private volatile EventRouter target;

        @Override
        public void onReady(NodeLink link, JsonNode hello) {
            target.onReady(link, hello);
        }

        @Override
        public void onEvent(NodeLink link, JsonNode event) {
            target.onEvent(link, event);
        }

        @Override
        public void onDown(NodeLink link, String why, boolean wasReady) {
            target.onDown(link, why, wasReady);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName(prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Builds a {@link DualsipClient}. Required: {@link #node} (once or twice), {@link #application},
     * {@link #token} or {@link #tls}, {@link #listener}. Defaults: patterns none (the application only
     * places calls), command timeout 5 s, active wait 10 s, backoff 100 ms to 5 s, connect timeout 3 s,
     * keepalive 5 s, takeover grace 1 s, frames up to 16 MiB, 10000 queued frames per node.
     */
    public static final class Builder {
        private final List<ClientSettings.NodeAddress> nodes = new ArrayList<>();
        private final List<String> patterns = new ArrayList<>();
        private String application;
        private String token;
        private javax.net.ssl.SSLContext tls;
        private RemoteCallListener listener;
        private Duration commandTimeout = Duration.ofSeconds(5);
        private Duration activeWait = Duration.ofSeconds(10);
        private Duration backoffMin = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration keepalive = Duration.ofSeconds(5);
        private Duration takeoverGrace = Duration.ofSeconds(1);
        private int maxFrameBytes = 16 * 1024 * 1024;
        private int queueLimit = 10_000;

        private Builder() {
        }

        /** A node's own connector address (not the floating service address). */
        public Builder node(String host, int port) {
            nodes.add(new ClientSettings.NodeAddress(host, port));
            return this;
        }

        /** Nodes as "host:port,host:port". */
        public Builder nodes(String commaSeparated) {
            for (String node : commaSeparated.split(",")) {
                if (!node.isBlank()) {
                    nodes.add(ClientSettings.NodeAddress.parse(node));
                }
            }
            return this;
        }

        public Builder application(String name) {
            this.application = name;
            return this;
        }

        public Builder token(String sharedToken) {
            this.token = sharedToken;
            return this;
        }

        /** TLS to both nodes: the context's trust managers check the nodes, its key managers present ours. */
        public Builder tls(javax.net.ssl.SSLContext context) {
            this.tls = context;
            return this;
        }

        /** Request-URI patterns (Java regex, whole match) of the inbound calls this application takes. */
        public Builder patterns(String... regexes) {
            patterns.addAll(List.of(regexes));
            return this;
        }

        public Builder listener(RemoteCallListener callbacks) {
            this.listener = callbacks;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /** How long a command waits for a serving node before failing with {@code no-active-node}. */
        public Builder activeWait(Duration wait) {
            this.activeWait = wait;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder keepalive(Duration interval) {
            this.keepalive = interval;
            return this;
        }

        public Builder takeoverGrace(Duration grace) {
            this.takeoverGrace = grace;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder queueLimit(int frames) {
            this.queueLimit = frames;
            return this;
        }

        /** The client, not yet connected: call {@link DualsipClient#start()}. */
        public DualsipClient build() {
            if (listener == null) {
                throw new IllegalArgumentException("a listener is needed");
            }
            return new DualsipClient(new ClientSettings(nodes, application, token, tls, patterns, commandTimeout,
                    activeWait, backoffMin, backoffMax, connectTimeout, keepalive, takeoverGrace, maxFrameBytes,
                    queueLimit), listener);
        }
    }
}
