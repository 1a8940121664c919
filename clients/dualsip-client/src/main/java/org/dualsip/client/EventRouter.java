package org.dualsip.client;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the links hear into the application's view and callbacks: roles into routing, call events
 * into snapshots and {@link RemoteCallEvent}s, takeovers (reported or inferred) into exactly one
 * {@link RemoteCallListener#onTakeover} each. Runs on the links' reader threads; every callback is
 * handed to the client's single delivery thread, in the order decided here.
 */
final class EventRouter implements NodeLink.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    /** End reason the client reports for a call the serving node no longer knows. */
    static final String LOST_REASON = "SERVICE_FAILURE";

    private final ProtocolCodec codec;
    private final CallBook book;
    private final TakeoverTracker takeovers = new TakeoverTracker();
    private final RoleBoard roles;
    private final RemoteCallListener listener;
    private final Executor delivery;
    private final ScheduledExecutorService scheduler;
    private final long takeoverGraceMillis;

    EventRouter(ProtocolCodec codec, CallBook book, RoleBoard roles, RemoteCallListener listener, Executor delivery,
            ScheduledExecutorService scheduler, long takeoverGraceMillis) {
        this.codec = codec;
        this.book = book;
        this.roles = roles;
        this.listener = listener;
        this.delivery = delivery;
        this.scheduler = scheduler;
        this.takeoverGraceMillis = takeoverGraceMillis;
    }

    @Override
    public void onReady(NodeLink link, JsonNode hello) {
        deliver(() -> listener.onNodeRole(link.name(), link.role(), link.epoch()));
        roles.changed();
        if (link.isServing()) {
            if (takeovers.observeServing(link.epoch())) {
                expectTakeover(link, link.epoch(), "node serving in a new epoch at reconnect");
            } else {
                resynchronise(link);
            }
        }
    }

    @Override
    public void onDown(NodeLink link, String why, boolean wasReady) {
        if (wasReady) {
            deliver(() -> listener.onNodeRole(link.name(), NodeRoles.DISCONNECTED, link.epoch()));
        }
        roles.changed();
    }

    @Override
    public void onEvent(NodeLink link, JsonNode frame) {
        String event = frame.path("event").asText();
        try {
            switch (event) {
                case "role" -> onRole(link, frame);
                case "takeover" -> report(frame.path("epoch").asLong(), ProtocolCodec.text(frame, "reason"),
                        codec.calls(frame.get("calls")), book.mark(), link);
                default -> onCallEvent(link, event, frame);
            }
        } catch (ProtocolCodec.BadFrameException e) {
            LOG.warn("dualsip node {}: ignored a bad '{}' event: {}", link.name(), event, e.getMessage());
        }
    }

    private void onRole(NodeLink link, JsonNode frame) {
        String role = ProtocolCodec.text(frame, "role");
        long epoch = frame.path("epoch").asLong(-1);
        link.role(role, epoch);
        LOG.info("dualsip node {} is now {} in epoch {} ({})", link.name(), role, epoch,
                ProtocolCodec.text(frame, "reason"));
        deliver(() -> listener.onNodeRole(link.name(), role, epoch));
        roles.changed();
        if (NodeRoles.isServing(role) && takeovers.observeServing(epoch)) {
            expectTakeover(link, epoch, ProtocolCodec.text(frame, "reason"));
        }
    }

    /**
     * The node serves in a new epoch: its takeover event normally follows at once; if it has not come
     * within the grace time (missed while the link was down), the takeover is reported from the node's
     * {@code calls} answer instead. {@link TakeoverTracker#claim} keeps it to one report either way.
     */
    private void expectTakeover(NodeLink link, long epoch, String reason) {
        scheduler.schedule(() -> {
            if (takeovers.reported(epoch) || !link.isServing()) {
                return;
            }
            long asked = book.mark();
            link.request("calls", null).thenAccept(answer -> {
                try {
                    if ("result".equals(answer.path("type").asText())) {
                        report(epoch, reason, codec.calls(answer.get("calls")), asked, link);
                    }
                } catch (ProtocolCodec.BadFrameException e) {
                    LOG.warn("dualsip node {}: bad calls answer: {}", link.name(), e.getMessage());
                }
            });
        }, takeoverGraceMillis, TimeUnit.MILLISECONDS);
    }

    private void report(long epoch, String reason, List<RemoteCall> calls, long asked, NodeLink link) {
        // The takeover event says the node now serves, whether or not its role event came first.
        link.role(NodeRoles.isServing(link.role()) ? link.role() : NodeRoles.ACTIVE, epoch);
        roles.changed();
        if (!takeovers.claim(epoch)) {
            LOG.debug("dualsip node {}: takeover of epoch {} already reported", link.name(), epoch);
            return;
        }
        List<RemoteCall> vanished = book.replaceAll(calls, asked);
        LOG.info("dualsip takeover by node {} in epoch {} ({}): {} calls carried on, {} lost", link.name(), epoch,
                reason, calls.size(), vanished.size());
        deliver(() -> listener.onTakeover(epoch, reason, calls));
        reportLost(vanished);
    }

    /** The serving node's list of calls is the truth after a reconnect: calls it no longer has ended. */
    private void resynchronise(NodeLink link) {
        long asked = book.mark();
        link.request("calls", null).thenAccept(answer -> {
            try {
                if ("result".equals(answer.path("type").asText())) {
                    reportLost(book.replaceAll(codec.calls(answer.get("calls")), asked));
                }
            } catch (ProtocolCodec.BadFrameException e) {
                LOG.warn("dualsip node {}: bad calls answer: {}", link.name(), e.getMessage());
            }
        });
    }

    private void reportLost(List<RemoteCall> vanished) {
        for (RemoteCall call : vanished) {
            RemoteCallEvent ended = new RemoteCallEvent.Ended(call.withState(RemoteCall.State.ENDED), LOST_REASON, 0);
            deliver(() -> listener.onEvent(ended));
        }
    }

    private void onCallEvent(NodeLink link, String event, JsonNode frame) throws ProtocolCodec.BadFrameException {
        RemoteCall call = codec.call(frame.get("call"));
        RemoteCallEvent translated = switch (event) {
            case "offered" -> new RemoteCallEvent.Offered(call, ProtocolCodec.text(frame, "replaces"));
            case "ringing" -> new RemoteCallEvent.Ringing(call, frame.path("code").asInt(),
                    ProtocolCodec.text(frame, "sdp"));
            case "answered" -> new RemoteCallEvent.Answered(call);
            case "confirmed" -> new RemoteCallEvent.Confirmed(call);
            case "reoffer" -> new RemoteCallEvent.Reoffer(call, ProtocolCodec.text(frame, "method"),
                    ProtocolCodec.text(frame, "sdp"));
            case "reoffer-answered" -> new RemoteCallEvent.ReofferAnswered(call, frame.path("code").asInt(),
                    ProtocolCodec.text(frame, "sdp"));
            case "message" -> new RemoteCallEvent.Message(call, ProtocolCodec.text(frame, "method"),
                    ProtocolCodec.text(frame, "contentType"), ProtocolCodec.text(frame, "body"));
            case "transfer-requested" -> new RemoteCallEvent.TransferRequested(call, ProtocolCodec.text(frame, "referTo"),
                    ProtocolCodec.text(frame, "referredBy"), ProtocolCodec.text(frame, "replaces"));
            case "transfer-status" -> new RemoteCallEvent.TransferStatus(call, frame.path("code").asInt(),
                    frame.path("finished").asBoolean());
            case "ended" -> new RemoteCallEvent.Ended(call.withState(RemoteCall.State.ENDED),
                    ProtocolCodec.text(frame, "reason"), frame.path("code").asInt());
            default -> null;
        };
        if (translated == null) {
            LOG.warn("dualsip node {}: ignored an unknown event '{}'", link.name(), event);
            return;
        }
        if (translated instanceof RemoteCallEvent.Offered && book.find(call.id()).isPresent()) {
            // A new active offers again the calls still unanswered at a takeover (for in-process
            // applications, which lose their state with the node). This application already has the
            // offer: it must not answer twice. The snapshot still refreshes the view.
            book.apply(call);
            LOG.debug("dualsip node {}: call {} offered again after a takeover; not repeated", link.name(), call.id());
            return;
        }
        if (book.apply(translated.call())) {
            deliver(() -> listener.onEvent(translated));
        } else {
            LOG.debug("dualsip node {}: dropped '{}' of call {}, already ended", link.name(), event, call.id());
        }
    }

    /** Hands a callback to the delivery thread; what the application throws is logged and contained. */
    private void deliver(Runnable callback) {
        try {
            delivery.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.error("dualsip application listener failed (the client carries on)", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.debug("dualsip client closed: callback dropped");
        }
    }
}
