package org.dualsip.sip.engine;

import java.util.function.BooleanSupplier;
import org.dualsip.api.pair.RecordReplicator;
import org.dualsip.api.pair.ReplicatedRecord;
import org.dualsip.sip.record.CallRecord;
import org.dualsip.sip.record.CallRecordCodec;
import org.dualsip.sip.record.CallRecordStore.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every saved record to the passive, synchronously, before the SIP message that makes the change
 * visible (DESIGN §3.2): the store calls {@link #saved} after storing the record locally, so a state
 * transfer reading the store concurrently can never miss it. Without a replicator, or while the node
 * has no peer (STANDALONE, or the pair is DEGRADED), it costs a few volatile reads and nothing else:
 * the record is not even encoded. Changes that nothing shows ({@link Visibility#UNSEEN}) are sent
 * without waiting for the acknowledgement.
 */
final class RecordReplication {

    private static final Logger LOG = LoggerFactory.getLogger(RecordReplication.class);

    private final BooleanSupplier hasPeer;
    private volatile RecordReplicator replicator;

    RecordReplication(BooleanSupplier hasPeer) {
        this.hasPeer = hasPeer;
    }

    void replicator(RecordReplicator r) {
        this.replicator = r;
    }

    void saved(CallRecord r, Visibility visibility) {
        RecordReplicator target = active();
        if (target != null) {
            send(target, new ReplicatedRecord(r.id(), r.version(), false, CallRecordCodec.encode(r)), visibility);
        }
    }

    /** The purge of an ended call: nothing shows it, so nobody waits for the peer. */
    void removed(CallRecord r) {
        RecordReplicator target = active();
        if (target != null) {
            send(target, new ReplicatedRecord(r.id(), r.version(), true, null), Visibility.UNSEEN);
        }
    }

    /** The replicator when a change would reach a peer now, else null (and nothing is encoded). */
    private RecordReplicator active() {
        RecordReplicator target = replicator;
        if (target == null || !hasPeer.getAsBoolean()) {
            return null;
        }
        try {
            return target.replicating() ? target : null;
        } catch (RuntimeException e) {
            LOG.warn("the replicator failed to say whether it replicates: {}", e.toString());
            return null;
        }
    }

    private static void send(RecordReplicator target, ReplicatedRecord record, Visibility visibility) {
        try {
            if (visibility == Visibility.UNSEEN) {
                target.replicateWithoutWaiting(record);
                LOG.trace("call {} v{}{}: sent without waiting", record.key(), record.version(),
                        record.removed() ? " removed" : "");
                return;
            }
            RecordReplicator.Outcome outcome = target.replicate(record);
            if (LOG.isTraceEnabled()) {
                LOG.trace("call {} v{}{}: {}", record.key(), record.version(), record.removed() ? " removed" : "", outcome);
            }
        } catch (RuntimeException e) {
            // the contract says replicate() never throws; if it does, the call still goes on here
            LOG.warn("replication of call {} failed: {}", record.key(), e.toString());
        }
    }
}
