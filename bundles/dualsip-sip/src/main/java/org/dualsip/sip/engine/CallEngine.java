package org.dualsip.sip.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Response;
import org.dualsip.api.call.Call;
import org.dualsip.api.call.CallControl;
import org.dualsip.api.call.CallControlException;
import org.dualsip.api.call.CallEvent;
import org.dualsip.api.call.CallState;
import org.dualsip.api.call.OutboundCallRequest;
import org.dualsip.api.node.NodeStatus;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.CallRecordStore;
import org.dualsip.sip.record.CallRecordStore.Visibility;
import org.dualsip.sip.stack.JainSipStack;
import org.dualsip.sip.stack.StackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call engine: owns the SIP stack, the record store, the executors and the per-call sessions,
 * and implements {@link CallControl}. Each call's changes are serialised on its own session; there
 * is no engine-wide lock on the message path.
 */
public final class CallEngine implements CallControl, RoleListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);

    /** A SIP send that may fail; run on the call's send queue. */
    interface SipAction {
        void run() throws Exception;
    }

    private final String nodeName;
    private final StackSettings settings;
    private final CallRecordStore store = new CallRecordStore();
    private final Map<String, CallSession> sessions = new ConcurrentHashMap<>();
    private final ApplicationRegistry applications = new ApplicationRegistry();
    private final ExecutorService workers;
    /** Runs CallApplication.onTakeover: apart from the workers, which events held for it may occupy. */
    private final ExecutorService notifier;
    private final NodeRole role = new NodeRole();
    private final RecordReplication replication = new RecordReplication(() -> role.role() != Role.STANDALONE);
    private final CallMirror mirror;
    private final CallResumption resumption;
    private final ScheduledExecutorService timers;
    private final ExecutorService warmUpThread;
    private final JainSipStack stack;
    private final PathWarmUp warmUp;
    private final MessageBuilder builder;
    private final InboundCalls inbound;
    private final OutboundCalls outbound;
    private final SessionTimers sessionTimers;
    private final Transfers transfers;
    private final RequestDispatcher dispatcher;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();

    public CallEngine(String nodeName, StackSettings settings) throws Exception {
        this.nodeName = nodeName;
        this.settings = settings;
        this.workers = Executors.newFixedThreadPool(settings.workerThreads(), named("dualsip-call"));
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, named("dualsip-timer"));
        // a cancelled session timer would otherwise stay queued for its whole interval (900 s by
        // default): one dead task per ended call, the queue growing with rate x interval
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
        this.notifier = Executors.newSingleThreadExecutor(named("dualsip-takeover"));
        this.warmUpThread = Executors.newSingleThreadExecutor(named("dualsip-warmup"));
        this.mirror = new CallMirror(store, sessions, workers);
        this.inbound = new InboundCalls(this);
        this.outbound = new OutboundCalls(this);
        this.sessionTimers = new SessionTimers(this, outbound);
        this.transfers = new Transfers(this, inbound.inDialog);
        this.resumption = new CallResumption(this, inbound, outbound, sessionTimers, transfers, notifier);
        store.onSaved(replication::saved);
        this.dispatcher = new RequestDispatcher(this, inbound, outbound, transfers);
        this.stack = new JainSipStack("dualsip-" + nodeName + "-" + System.identityHashCode(this), settings,
                dispatcher, this::processWithoutTransaction);
        this.builder = new MessageBuilder(stack);
        this.warmUp = new PathWarmUp(stack, settings.transports());
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /** Binds the listening points on host (port and transports from the settings given). */
    public void bind(String host, int port, List<String> transports) throws Exception {
        stack.bind(host, port, transports);
        resumption.listening();
    }

    public void unbind() {
        stack.unbind();
    }

    public void stop() {
        stack.stop();
        timers.shutdownNow();
        notifier.shutdownNow();
        warmUpThread.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    public ApplicationRegistry applications() {
        return applications;
    }

    public CallRecordStore store() {
        return store;
    }

    public JainSipStack.Binding binding() {
        return stack.binding();
    }

    /** The node status for dualsip:status. */
    public NodeStatus status() {
        Map<CallState, Long> counts = new EnumMap<>(CallState.class);
        for (CallState s : CallState.values()) {
            counts.put(s, 0L);
        }
        for (CallRecord r : store.all()) {
            counts.merge(r.state(), 1L, Long::sum);
        }
        JainSipStack.Binding b = stack.binding();
        String address = b == null ? "" : b.host() + ":" + b.port();
        String transports = b == null ? "" : String.join(",", b.transports());
        return new NodeStatus(nodeName, role.role(), address, b != null, transports, counts, startedAt,
                Duration.ofNanos(System.nanoTime() - startedNanos), null);
    }

    // ---- the pair: role, replication, mirror ------------------------------------------------------

    /** Where every saved record goes before the SIP message that makes it visible; null for none. */
    public void replicator(RecordReplicator replicator) {
        replication.replicator(replicator);
    }

    /** The passive's side of replication, registered as a service by the component. */
    public RecordMirror mirror() {
        return mirror;
    }

    /**
     * Leaving ACTIVE/STANDALONE silences every call (records kept); entering them resumes every call
     * from its record and tells the applications. Called in order on the sync bundle's role thread.
     */
    @Override
    public void roleChanged(RoleChange change) {
        boolean wasServing = role.set(change);
        boolean serving = role.serving();
        LOG.info("call engine: {} -> {} ({}, epoch {}); {} calls held", change.from(), change.to(),
                change.reason(), change.epoch(), store.size());
        if (wasServing && !serving) {
            resumption.silence();
        } else if (!wasServing && serving) {
            resumption.serving(change);
        }
        if (change.to() == Role.PASSIVE) {
            warmUp.startOnce(warmUpThread); // never on the timers: a takeover needs them at once
        }
    }

    /** How many warm-up OPTIONS were answered; -1 until the warm-up has finished (tests). */
    int warmUpAnswered() {
        return warmUp.answered();
    }

    /** Answers the warm-up's own OPTIONS while passive (see {@link PathWarmUp}). */
    boolean isWarmUpRequest(javax.sip.message.Request request) {
        return warmUp.owns(request);
    }

    /** Whether this node handles SIP and call commands now (ACTIVE or STANDALONE). */
    boolean serving() {
        return role.serving();
    }

    Iterable<CallSession> sessions() {
        return List.copyOf(sessions.values());
    }

    // ---- shared machinery for the handlers -------------------------------------------------------

    /**
     * Handles a request that no JAIN-SIP transaction holds and that is answered statelessly: a branch
     * collision (see BranchCollisionValve), and in tests a retransmission whose transaction is gone
     * (as after a TCP hop, or on a node taking the call over).
     */
    void processWithoutTransaction(SipProvider provider, javax.sip.message.Request request) {
        dispatcher.processRequest(new StatelessRequestEvent(provider, request));
    }

    StackSettings settings() {
        return settings;
    }

    MessageBuilder builder() {
        return builder;
    }

    SipProvider provider() {
        return stack.provider();
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    OutboundCalls outbound() {
        return outbound;
    }

    SessionTimers sessionTimers() {
        return sessionTimers;
    }

    Transfers transfers() {
        return transfers;
    }

    CallSession newSession(CallRecord first) {
        store.save(first);
        CallSession s = new CallSession(first, workers);
        sessions.put(first.id(), s);
        return s;
    }

    CallSession session(String id) {
        return sessions.get(id);
    }

    Optional<CallSession> sessionBySipCallId(String sipCallId) {
        return store.findBySipCallId(sipCallId).map(r -> sessions.get(r.id()));
    }

    /** Saves the next record of the call (version +1); call under the session lock, before sending. */
    CallRecord commit(CallSession s, CallRecord next) {
        return commit(s, next, Visibility.SHOWN);
    }

    /**
     * Saves the next record of a change that no message or event shows (an inbound ACK): the passive is
     * sent it but the call does not wait for the acknowledgement.
     */
    CallRecord commitUnseen(CallSession s, CallRecord next) {
        return commit(s, next, Visibility.UNSEEN);
    }

    private CallRecord commit(CallSession s, CallRecord next, Visibility visibility) {
        CallRecord saved = next.withVersion(s.record().version() + 1);
        store.save(saved, visibility);
        s.setRecord(saved);
        if (saved.state() == CallState.ENDED) {
            s.cancelRetransmit();
            s.cancelSessionTick();
            s.cancelOfferRetry();
            scheduleForget(s);
        }
        return saved;
    }

    /** Removes the ended call once it cannot see retransmissions any more. */
    void scheduleForget(CallSession s) {
        timers.schedule(() -> forget(s.id), settings.endedLingerMillis(), TimeUnit.MILLISECONDS);
    }

    private void forget(String id) {
        if (!role.serving()) {
            return; // the active purges (and replicates the purge); a takeover schedules it here again
        }
        sessions.remove(id);
        CallRecord removed = store.remove(id);
        if (removed != null) {
            replication.removed(removed);
        }
    }

    /** Delivers an event to the call's application, in order, off the SIP thread. */
    void emit(CallSession s, CallEvent event) {
        transfers.calls.onEvent(s, event); // a call placed for a transfer reports on the transferred call
        String appName = event.call().application();
        if (appName == null) {
            return;
        }
        s.events.execute(() -> applications.byName(appName).ifPresentOrElse(app -> {
            resumption.awaitNotified(); // after a takeover, onTakeover comes before any event
            try {
                app.onEvent(event);
            } catch (Throwable t) {
                LOG.warn("application {} failed on {} of call {}: {}", appName,
                        event.getClass().getSimpleName(), s.id, t.toString(), t);
            }
        }, () -> LOG.debug("application {} gone; {} of call {} dropped", appName,
                event.getClass().getSimpleName(), s.id)));
    }

    /** Runs a SIP send on the call's send queue (ordered, off the caller's thread). */
    void send(CallSession s, SipAction action) {
        s.sends.execute(() -> {
            if (!role.serving()) {
                return; // demoted since: nothing of ours goes out
            }
            try {
                action.run();
            } catch (Exception e) {
                LOG.debug("call {}: send failed: {}", s.id, e.toString());
            }
        });
    }

    /** Sends a response on its server transaction, or statelessly when there is none. */
    void respond(ServerTransaction tx, Response response) throws Exception {
        if (!role.serving()) {
            return;
        }
        if (tx != null) {
            tx.sendResponse(response);
            return;
        }
        SipProvider p = stack.provider();
        if (p != null) {
            p.sendResponse(response);
        }
    }

    CallSession requireSession(String callId) {
        requireServing();
        CallSession s = callId == null ? null : sessions.get(callId);
        if (s == null) {
            throw new CallControlException(CallControlException.Reason.UNKNOWN_CALL, "no call " + callId);
        }
        return s;
    }

    /** Call commands are taken only by the serving node: the passive would answer a call twice. */
    void requireServing() {
        if (!role.serving()) {
            throw new CallControlException(CallControlException.Reason.NOT_ACTIVE, "this node is " + role.role()
                    + ": call commands are taken by the active node");
        }
    }

    static CallControlException wrongState(CallRecord r, String command) {
        return new CallControlException(CallControlException.Reason.WRONG_STATE,
                command + " not possible: call " + r.id() + " is " + r.direction() + " " + r.state());
    }

    static CallControlException badArgument(String message) {
        return new CallControlException(CallControlException.Reason.BAD_ARGUMENT, message);
    }

    // ---- CallControl -----------------------------------------------------------------------------

    @Override
    public void ring(String callId, int code, String sdp) {
        inbound.ring(requireSession(callId), code, sdp);
    }

    @Override
    public void answer(String callId, String sdpAnswer) {
        CallSession s = requireSession(callId);
        if (s.record().direction() == org.dualsip.api.call.Direction.OUTBOUND) {
            outbound.lateOffers.answer(s, sdpAnswer);
        } else {
            inbound.answer(s, sdpAnswer);
        }
    }

    @Override
    public void reject(String callId, int code, String reasonPhrase) {
        inbound.reject(requireSession(callId), code, reasonPhrase);
    }

    @Override
    public void hangUp(String callId) {
        CallSession s = requireSession(callId);
        synchronized (s) {
            CallRecord r = s.record();
            switch (r.state()) {
                case OFFERED, RINGING -> {
                    if (r.direction() == org.dualsip.api.call.Direction.INBOUND) {
                        inbound.rejectLocked(s, Response.TEMPORARILY_UNAVAILABLE, "LOCAL_HANGUP", null);
                    } else {
                        outbound.cancel(s);
                    }
                }
                case ANSWERED_WAITING_ACK -> {
                    if (r.direction() == org.dualsip.api.call.Direction.OUTBOUND) {
                        outbound.lateOffers.hangUpUnacknowledged(s); // late offer: ACK (no answer) then BYE
                        return;
                    }
                    // RFC 3261 15: no BYE before the ACK of our 2xx (or Timer H, which sends BYE anyway);
                    // kept in the record so that whoever receives the ACK sends the BYE
                    if (!r.hangUpPending()) {
                        commit(s, r.withHangUpPending(true));
                    }
                }
                case CONFIRMED -> outbound.bye(s);
                default -> throw wrongState(r, "hangUp");
            }
        }
    }

    @Override
    public String placeCall(OutboundCallRequest request) {
        requireServing();
        return outbound.place(request);
    }

    @Override
    public void acceptReoffer(String callId, String sdpAnswer) {
        inbound.inDialog.acceptReoffer(requireSession(callId), sdpAnswer);
    }

    @Override
    public void refuseReoffer(String callId, int code) {
        inbound.inDialog.refuseReoffer(requireSession(callId), code);
    }

    @Override
    public void reoffer(String callId, String sdpOffer) {
        outbound.localOffers.offer(requireSession(callId), javax.sip.message.Request.INVITE, sdpOffer);
    }

    @Override
    public void update(String callId, String sdpOffer) {
        outbound.localOffers.offer(requireSession(callId), javax.sip.message.Request.UPDATE, sdpOffer);
    }

    @Override
    public void acceptTransfer(String callId) {
        transfers.received.accept(requireSession(callId));
    }

    @Override
    public void refuseTransfer(String callId, int code) {
        transfers.received.refuse(requireSession(callId), code);
    }

    @Override
    public void transferProgress(String callId, int code) {
        transfers.received.progress(requireSession(callId), code);
    }

    @Override
    public String placeTransferCall(String transferredCallId, OutboundCallRequest request) {
        CallSession transferred = requireSession(transferredCallId);
        return transfers.calls.place(transferred, request);
    }

    @Override
    public void transfer(String callId, String referTo) {
        transfers.sent.transfer(requireSession(callId), referTo);
    }

    @Override
    public Optional<Call> find(String callId) {
        return callId == null ? Optional.empty() : store.find(callId).map(CallRecord::toCall);
    }

    @Override
    public List<Call> calls() {
        return store.all().stream().filter(r -> r.state().isLive()).map(CallRecord::toCall).toList();
    }
}
