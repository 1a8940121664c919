package org.dualsip.api.pair;

/** How far the passive's mirror is from the active's records. */
public enum SyncState {
    /** The peer holds every record (full transfer completed, every change acknowledged). */
    IN_SYNC,
    /** A full state transfer is under way. */
    SYNCING,
    /** A peer is configured but absent or too slow: the active carries on alone. */
    DEGRADED,
    /** No peer configured (standalone). */
    NO_PEER
}
