package org.dualsip.sync;

import java.util.concurrent.TimeUnit;

/**
 * Whether this node forwards replicated records to the peer now, and which replications are still
 * under way. Open while the node is ACTIVE. Closing it refuses every replication that has not started
 * yet and waits for those that have: they were admitted while this node still served, so the caller of
 * one of them may make its change visible (send SIP) as soon as it returns, and the peer must hold the
 * record before it is told to take over. A switchover therefore closes the gate (after the role
 * listeners have stopped SIP) and sends the hand-over only once the gate is drained.
 *
 * <p>Thread-safe; {@link #enter}/{@link #leave} run on the callers' (SIP) threads, {@link #open} and
 * {@link #closeAndDrain} on the role thread.
 */
final class ForwardingGate {

    /** Written under the lock, read without it by {@link #isOpen} (asked before every save). */
    private volatile boolean open;
    private int underWay;

    /** Starts a replication; false (and nothing to leave) when the gate is closed. */
    synchronized boolean enter() {
        if (!open) {
            return false;
        }
        underWay++;
        return true;
    }

    /** Ends a replication that {@link #enter} admitted. */
    synchronized void leave() {
        underWay--;
        if (underWay == 0) {
            notifyAll();
        }
    }

    boolean isOpen() {
        return open;
    }

    synchronized void open() {
        open = true;
    }

    /**
     * Refuses new replications and waits at most {@code timeoutMs} for those under way to end.
     *
     * @return how many were still under way when the wait gave up (0: drained)
     */
    synchronized int closeAndDrain(long timeoutMs) {
        open = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (underWay > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the pair is closing: nobody will take over from here
                break;
            }
        }
        return underWay;
    }
}
