package org.dualsip.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.dualsip.api.node.Role;
import org.dualsip.api.pair.PairService;
import org.dualsip.api.pair.PairStatus;
import org.dualsip.api.pair.RecordMirror;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.api.pair.RoleChange;
import org.dualsip.api.pair.RoleListener;
import org.dualsip.api.pair.SyncState;
import org.jgroups.stack.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the pair: wires the sync channel, the role state machine, replication and state
 * transfer. Role events, heartbeats and listener calls run on one role thread (in order); a full
 * transfer streams on its own thread; {@link #replicate} runs on the caller's thread and never waits
 * longer than the configured bound.
 */
public final class Pair implements PairService, RecordReplicator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pair.class);

    private final SyncSettings settings;
    private final Supplier<RecordMirror> mirror;
    private final ScheduledExecutorService roleThread;
    private final DeferredTakeover deferredTakeover;
    private final ExecutorService transferThread;
    private final RoleStateMachine roles;
    private final MirrorFeed feed;
    private final RecordForwarder forwarder;
    private final AckBatch ackBatch = new AckBatch(this::sendAck);
    private final RoleListeners listeners = new RoleListeners();
    private final AtomicLong undecodable = new AtomicLong();
    /** Why the node in the sync group is refused as the peer; null when it is accepted or absent. */
    private volatile String refused;
    private final ReplicationChannel channel;
    private final StateTransfer transfer;

    private volatile Role role = Role.STARTING;
    private volatile long epoch;
    private volatile PeerState peer;
    private volatile SyncState sync;
    private volatile List<RoleChange> history = List.of();

    /**
     * @param faults JGroups protocols inserted above the transport (tests only; empty otherwise)
     */
    public Pair(SyncSettings settings, Supplier<RecordMirror> mirror, TakeoverGuard guard, List<Protocol> faults) {
        this.settings = settings;
        this.mirror = mirror;
        this.roleThread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dualsip-sync-role"));
        this.deferredTakeover = new DeferredTakeover(roleThread, settings.startupWaitMs());
        this.transferThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "dualsip-sync-transfer"));
        this.roles = new RoleStateMachine(settings.nodeName(), settings.priority(),
                new EpochStore(settings.epochDir()), guard, this::roleChanged, Clock.systemUTC(),
                Duration.ofMillis(2 * settings.heartbeatTimeoutMs()));
        this.epoch = roles.epoch();
        this.feed = new MirrorFeed(mirror);
        this.sync = settings.hasPeer() ? SyncState.DEGRADED : SyncState.NO_PEER;
        this.channel = settings.hasPeer() ? new ReplicationChannel(settings, new ChannelEvents(), faults) : null;
        this.transfer = new StateTransfer(this::send, mirror, transferThread, settings.heartbeatTimeoutMs());
        this.forwarder = new RecordForwarder(settings, this::send, this::peerTakesRecords, () -> epoch, this::degrade);
    }

    /** Joins the sync group (when a peer is configured) and starts the role machine. */
    public void start() throws Exception {
        LOG.info("Pair starting: {}", settings);
        onRoleThread(() -> roles.start(settings.hasPeer()));
        if (channel == null) {
            return;
        }
        channel.start();
        roleThread.schedule(guarded(roles::startupWaitExpired), settings.startupWaitMs(), TimeUnit.MILLISECONDS);
        long interval = settings.heartbeatIntervalMs();
        roleThread.scheduleAtFixedRate(guarded(this::heartbeat), interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        transfer.abandon();
        if (channel != null) {
            channel.close();
        }
        roleThread.shutdownNow();
        transferThread.shutdownNow();
        LOG.info("Pair stopped: node {} was {} in epoch {}", settings.nodeName(), role, epoch);
    }

    public void addRoleListener(RoleListener listener) {
        listeners.add(listener);
        // A listener that arrives late learns the current role from the last change.
        onRoleThread(() -> {
            List<RoleChange> changes = roles.history();
            if (!changes.isEmpty()) {
                listeners.tell(listener, changes.get(0));
            }
        });
    }

    public void removeRoleListener(RoleListener listener) {
        listeners.remove(listener);
    }

    @Override
    public PairStatus status() {
        PeerState p = peer;
        return new PairStatus(settings.nodeName(), role, epoch, settings.peer(),
                p == null ? null : p.name(), p == null ? null : p.role(), sync,
                forwarder.lagMicros(), history, roles.alarm());
    }

    @Override
    public boolean replicating() {
        return forwarder.replicating();
    }

    @Override
    public void replicateWithoutWaiting(ReplicatedRecord record) {
        forwarder.replicateWithoutWaiting(record);
    }

    @Override
    public Outcome replicate(ReplicatedRecord record) {
        return forwarder.replicate(record);
    }

    private boolean peerTakesRecords() {
        SyncState state = sync;
        return state == SyncState.IN_SYNC || state == SyncState.SYNCING;
    }

    @Override
    public void switchover() {
        if (channel == null) {
            throw new IllegalStateException("switchover refused: no peer configured (standalone)");
        }
        Future<?> done = roleThread.submit(this::handOver);
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException refused) {
                throw new IllegalStateException(refused.getMessage(), refused);
            }
            throw new IllegalStateException("switchover failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("switchover did not complete within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("switchover interrupted");
        }
    }

    /** Messages that could not be decoded (logged and dropped). */
    long undecodableMessages() {
        return undecodable.get();
    }

    /** Test access to the channel (to crash it). */
    ReplicationChannel channel() {
        return channel;
    }

    private void handOver() {
        PeerState p = peer;
        if (role != Role.ACTIVE) {
            throw new IllegalStateException("switchover refused: this node is " + role + ", not ACTIVE");
        }
        if (sync != SyncState.IN_SYNC || p == null) {
            throw new IllegalStateException("switchover refused: the peer is not IN_SYNC (sync state " + sync + ")");
        }
        roles.handOver(p.name()); // listeners stop SIP and release the address first
        send(new WireMessage.Handover(settings.nodeName(), epoch));
    }

    private void heartbeat() {
        sendState();
        if (transfer.overdue()) {
            transferFailed(transfer.current(), "no verdict from the peer in time");
        }
        maybeStartTransfer();
    }

    private void maybeStartTransfer() {
        PeerState p = peer;
        if (role == Role.ACTIVE && p != null && p.role() == Role.PASSIVE && sync == SyncState.DEGRADED
                && transfer.mayStart()) {
            sync = SyncState.SYNCING;
            transfer.start(epoch, this::transferFailed);
        }
    }

    private void transferFailed(long id, String reason) {
        if (transfer.fail(id)) {
            LOG.warn("State transfer {} failed: {}; retrying with back-off", id, reason);
            sync = SyncState.DEGRADED;
        }
    }

    private void onTransferDone(WireMessage.TransferDone done) {
        if (done.ok() && transfer.complete(done.transfer())) {
            sync = SyncState.IN_SYNC;
            LOG.info("Peer IN_SYNC after state transfer {} ({} records)", done.transfer(), done.received());
            sendState();
        } else if (!done.ok()) {
            transferFailed(done.transfer(), "the peer received " + done.received() + " records, not the count sent");
        }
    }

    private void degrade(String reason) {
        transfer.abandon();
        transfer.holdOff();
        SyncState before = sync;
        if (before == SyncState.IN_SYNC || before == SyncState.SYNCING) {
            sync = SyncState.DEGRADED;
            LOG.warn("Pair DEGRADED: {}; the active carries on alone until the peer is resynchronised", reason);
        }
    }

    private void roleChanged(RoleChange change) {
        if (change.to() != Role.PASSIVE) {
            deferredTakeover.cancel(null);
        }
        // Leaving ACTIVE: the listeners stop SIP first, while replication still forwards; then the
        // replications already under way end before anything else (a switchover sends its hand-over only
        // after this). Otherwise a call answered in that window would be acknowledged to the caller but
        // never reach the peer that takes over. Becoming ACTIVE: forwarding starts first, so that the
        // calls the listeners resume are replicated under the new role.
        boolean leavingActive = change.from() == Role.ACTIVE && change.to() != Role.ACTIVE;
        if (leavingActive) {
            listeners.tellAll(change);
            forwarder.stopForwarding();
        }
        role = change.to();
        epoch = change.epoch();
        history = roles.history();
        if (change.to() != Role.STANDALONE) {
            transfer.abandon();
            sync = SyncState.DEGRADED; // a new role means a new full transfer before IN_SYNC
        }
        if (change.to() == Role.ACTIVE) {
            forwarder.startForwarding();
        }
        if (!leavingActive) {
            listeners.tellAll(change);
        }
        sendState();
    }

    private void sendState() {
        send(new WireMessage.State(settings.clusterName(), new PeerState(settings.nodeName(), role, epoch, settings.priority(), sync)));
    }

    private boolean send(WireMessage message) {
        return channel != null && channel.send(WireCodec.encode(message));
    }

    private void sendAck(List<Long> ids) {
        if (channel != null) {
            channel.sendOutOfBand(WireCodec.encode(new WireMessage.Ack(ids)));
        }
    }

    private void onRoleThread(Runnable task) {
        try {
            roleThread.execute(guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Pair closed; dropped a role event");
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Sync role task failed", e);
            }
        };
    }

    /** The channel's events, turned into role-thread tasks or handled in order on the delivery thread. */
    private final class ChannelEvents implements ReplicationChannel.Events {

        @Override
        public void received(byte[] data) {
            WireMessage message;
            try {
                message = WireCodec.decode(data);
            } catch (WireCodec.UndecodableException e) {
                undecodable.incrementAndGet();
                if (e.foreign()) {
                    refusePeer("the node in the sync group speaks another protocol: " + e.getMessage());
                } else {
                    LOG.warn("Refused a sync message: {}", e.getMessage());
                }
                return;
            }
            dispatch(message);
        }

        @Override
        public void batchEnded() {
            ackBatch.flush();
        }

        @Override
        public void peerJoined(String peerName) {
            LOG.info("Peer {} joined the sync group", peerName);
            onRoleThread(() -> {
                deferredTakeover.cancel("the peer is back in the sync group");
                roles.peerJoined();
                sendState();
            });
        }

        @Override
        public void peerLost(String reason) {
            LOG.info("Peer lost: {}", reason);
            refused = null;
            onRoleThread(() -> {
                peer = null;
                feed.peerLost();
                transfer.abandon();
                boolean mirrorComplete = sync == SyncState.IN_SYNC;
                sync = SyncState.DEGRADED;
                if (role == Role.PASSIVE && !mirrorComplete) {
                    deferredTakeover.defer(reason, roles::peerLost);
                } else {
                    roles.peerLost(reason);
                }
            });
        }
    }

    private void dispatch(WireMessage message) {
        if (message instanceof WireMessage.State m && !m.cluster().equals(settings.clusterName())) {
            refusePeer("node " + m.state().name() + " belongs to cluster '" + m.cluster() + "', this node to '"
                    + settings.clusterName() + "' (org.dualsip.sync cluster.name)");
            return;
        }
        if (message instanceof WireMessage.State) {
            refused = null;
        } else if (refused != null) {
            return; // nothing from a refused node is applied
        }
        if (message instanceof WireMessage.State m) {
            noteActiveDegraded(m.state());
            onRoleThread(() -> onPeerState(m.state()));
        } else if (message instanceof WireMessage.Ack m) {
            forwarder.acknowledged(m.ids());
        } else if (message instanceof WireMessage.TransferDone m) {
            onRoleThread(() -> onTransferDone(m));
        } else if (message instanceof WireMessage.Handover m) {
            onRoleThread(() -> roles.handoverReceived(m.from(), m.epoch()));
        } else {
            onReplication(message);
        }
    }

    /** Logged once per reason (states arrive every heartbeat); the role machine keeps the refusal. */
    private void refusePeer(String reason) {
        if (!reason.equals(refused)) {
            LOG.error("Refused the peer: {}", reason);
        }
        refused = reason;
        onRoleThread(() -> {
            peer = null;
            roles.peerRefused(reason);
        });
    }

    /** Why the node in the sync group is refused as the peer, or null. */
    String refusal() {
        return refused;
    }

    private void onPeerState(PeerState state) {
        deferredTakeover.cancel("the peer is back (" + state.role() + ")");
        peer = state;
        roles.peerState(state);
        maybeStartTransfer();
    }

    /**
     * The active stopped replicating to us: we are no longer IN_SYNC. Checked on the delivery thread,
     * in order with the transfer messages, so an old DEGRADED state cannot undo a newer transfer.
     */
    private void noteActiveDegraded(PeerState state) {
        if (role == Role.PASSIVE && state.role() == Role.ACTIVE && state.sync() == SyncState.DEGRADED
                && sync == SyncState.IN_SYNC) {
            sync = SyncState.DEGRADED;
        }
    }

    /** Records and transfers from the active, handled on the delivery thread in the order sent. */
    private void onReplication(WireMessage message) {
        if (role != Role.PASSIVE) {
            LOG.debug("Ignored {} while {}", message.getClass().getSimpleName(), role);
            return;
        }
        if (message instanceof WireMessage.Record m) {
            if (m.epoch() >= epoch && feed.apply(m.record()) && m.id() != WireMessage.Record.NO_ACK) {
                ackBatch.add(m.id());
            }
        } else if (message instanceof WireMessage.TransferStart m) {
            sync = SyncState.SYNCING;
            feed.transferStarted(m.transfer());
        } else if (message instanceof WireMessage.TransferRecord m) {
            feed.transferRecord(m.transfer(), m.record());
        } else if (message instanceof WireMessage.TransferEnd m) {
            MirrorFeed.Verdict verdict = feed.transferEnded(m.transfer(), m.count());
            sync = verdict.ok() ? SyncState.IN_SYNC : SyncState.DEGRADED;
            if (mirror.get() == null) {
                LOG.warn("State transfer {} refused: no RecordMirror registered (call engine not running), so this "
                        + "passive cannot hold the records", m.transfer());
            } else {
                LOG.info("State transfer {} ended: {} of {} records received -> {}", m.transfer(), verdict.received(),
                        m.count(), sync);
            }
            send(new WireMessage.TransferDone(verdict.transfer(), verdict.received(), verdict.ok()));
        }
    }
}
