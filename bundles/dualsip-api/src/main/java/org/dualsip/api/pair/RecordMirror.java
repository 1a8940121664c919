package org.dualsip.api.pair;

/**
 * Receives the records replicated by the active, on the passive. Registered as an OSGi service by
 * the call engine (whiteboard); the sync bundle calls it in version order per key.
 */
public interface RecordMirror {

    /** Applies one record change received from the active. Must not block. */
    void apply(ReplicatedRecord record);

    /** Every record this node holds, for a full state transfer to a joining peer. */
    Iterable<ReplicatedRecord> snapshot();

    /** Drops every mirrored record before a full state transfer starts. */
    void clear();
}
