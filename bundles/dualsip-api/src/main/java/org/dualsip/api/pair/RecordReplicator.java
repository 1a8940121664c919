package org.dualsip.api.pair;

/**
 * Sends record changes to the passive. Provided by the sync bundle; used by the call engine before it
 * sends the SIP message that makes a change visible (DESIGN §3.2).
 */
public interface RecordReplicator {

    /** The outcome of one replication. */
    enum Outcome {
        /** The peer acknowledged the record. */
        ACKNOWLEDGED,
        /** No peer (standalone, or the pair is DEGRADED): nothing was waited for. */
        NO_PEER,
        /** The bounded wait expired; the pair is now DEGRADED and the caller goes on alone. */
        TIMED_OUT
    }

    /**
     * Replicates one record change and waits (bounded, e.g. 50 ms) for the peer's acknowledgement.
     * Never blocks longer than the configured bound and never throws for a peer problem.
     */
    Outcome replicate(ReplicatedRecord record);

    /**
     * Sends one record change in order with the others but does not wait for the acknowledgement: for
     * changes that make nothing visible to the far end or to an application that a takeover would need
     * (e.g. the ACK that confirms a call, the purge of an ended call), where losing the change with the
     * active only means the passive resumes from the previous version. Never blocks on the peer.
     */
    default void replicateWithoutWaiting(ReplicatedRecord record) {
        replicate(record);
    }

    /**
     * Whether a change given now would be sent at all (false while standalone or DEGRADED), so that
     * the caller can skip encoding it. A change made after this returned false is picked up by the
     * next full state transfer.
     */
    default boolean replicating() {
        return true;
    }
}
