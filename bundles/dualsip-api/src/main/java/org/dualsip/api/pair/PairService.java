package org.dualsip.api.pair;

/** The pair's status and operations, provided by the sync bundle. */
public interface PairService {

    /** The current status. */
    PairStatus status();

    /**
     * Hands the active role to an IN_SYNC passive gracefully.
     *
     * @throws IllegalStateException with the reason when it is refused (not active, peer not IN_SYNC)
     */
    void switchover();
}
