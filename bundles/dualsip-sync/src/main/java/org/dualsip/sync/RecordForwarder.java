package org.dualsip.sync;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.dualsip.api.pair.RecordReplicator.Outcome;
import org.dualsip.api.pair.ReplicatedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active's side of replication: sends each record to the passive and waits for its
 * acknowledgement within the configured bound, on the caller's (SIP) thread. Forwards only between
 * {@link #startForwarding} and {@link #stopForwarding} (see {@link ForwardingGate}) and only while the
 * peer takes records (IN_SYNC or SYNCING); never blocks longer than the bound and never throws.
 */
final class RecordForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(RecordForwarder.class);

    private final SyncSettings settings;
    private final Predicate<WireMessage> send;
    private final BooleanSupplier peerTakesRecords;
    private final LongSupplier epoch;
    private final Consumer<String> degrade;
    private final PendingAcks acks = new PendingAcks();
    private final ForwardingGate gate = new ForwardingGate();
    private volatile long lagMicros = -1;

    /**
     * @param send             sends in order on the sync link; false when the peer is not in the group
     * @param peerTakesRecords whether the pair's sync state lets records reach the peer now
     * @param epoch            this node's epoch, carried by each record
     * @param degrade          told why the pair must go DEGRADED (the peer is gone or too slow)
     */
    RecordForwarder(SyncSettings settings, Predicate<WireMessage> send, BooleanSupplier peerTakesRecords,
                    LongSupplier epoch, Consumer<String> degrade) {
        this.settings = settings;
        this.send = send;
        this.peerTakesRecords = peerTakesRecords;
        this.epoch = epoch;
        this.degrade = degrade;
    }

    boolean replicating() {
        return gate.isOpen() && peerTakesRecords.getAsBoolean();
    }

    void replicateWithoutWaiting(ReplicatedRecord record) {
        if (!gate.enter()) {
            return;
        }
        try {
            if (peerTakesRecords.getAsBoolean()
                    && !send.test(new WireMessage.Record(WireMessage.Record.NO_ACK, epoch.getAsLong(), record))) {
                degrade.accept("the peer is not in the sync group");
            }
        } finally {
            gate.leave();
        }
    }

    Outcome replicate(ReplicatedRecord record) {
        // Admitted while this node still serves: a switchover hands over only after this has ended.
        if (!gate.enter()) {
            return Outcome.NO_PEER;
        }
        try {
            return peerTakesRecords.getAsBoolean() ? forward(record) : Outcome.NO_PEER;
        } finally {
            gate.leave();
        }
    }

    private Outcome forward(ReplicatedRecord record) {
        long id = acks.register();
        long started = System.nanoTime();
        if (!send.test(new WireMessage.Record(id, epoch.getAsLong(), record))) {
            acks.cancel(id);
            degrade.accept("the peer is not in the sync group");
            return Outcome.NO_PEER;
        }
        if (!acks.await(id, settings.replicationTimeoutMs())) {
            degrade.accept("no acknowledgement of " + record.key() + " within " + settings.replicationTimeoutMs()
                    + " ms");
            return Outcome.TIMED_OUT;
        }
        lagMicros = (System.nanoTime() - started) / 1000;
        return Outcome.ACKNOWLEDGED;
    }

    /** The passive acknowledged these records. */
    void acknowledged(List<Long> ids) {
        acks.acknowledged(ids);
    }

    /** The last replication round trip in microseconds, -1 before the first. */
    long lagMicros() {
        return lagMicros;
    }

    /** This node became ACTIVE: records are forwarded from now on. */
    void startForwarding() {
        gate.open();
    }

    /**
     * This node stops serving: no new replication is forwarded, and those under way end first, each
     * within the replication timeout (the wait gives up one heartbeat interval after that).
     */
    void stopForwarding() {
        long bound = settings.replicationTimeoutMs() + settings.heartbeatIntervalMs();
        int left = gate.closeAndDrain(bound);
        if (left > 0) {
            LOG.warn("{} replications still under way {} ms after this node stopped serving; going on without them",
                    left, bound);
        }
    }
}
