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
}
