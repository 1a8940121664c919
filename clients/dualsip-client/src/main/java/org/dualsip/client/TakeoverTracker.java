package org.dualsip.client;

/**
 * Decides when the application is told about a takeover, so that it is told exactly once per takeover
 * whichever way the client learns of it: the new active's {@code takeover} event, or (when that event
 * was missed, e.g. the link was reconnecting) a node seen serving in a newer epoch than the one served
 * before. Thread-safe.
 */
final class TakeoverTracker {

    private long highestServingEpoch = -1;
    private long lastReportedEpoch = -1;

    /**
     * A node serves in {@code epoch}; true when that is a new serving epoch after an earlier one, i.e. a
     * takeover the application should hear of (unless its takeover event arrives first).
     */
    synchronized boolean observeServing(long epoch) {
        if (epoch <= highestServingEpoch) {
            return false;
        }
        boolean takeover = highestServingEpoch >= 0;
        highestServingEpoch = epoch;
        return takeover;
    }

    /** Claims the right to report the takeover of {@code epoch}: true exactly once per epoch, in order. */
    synchronized boolean claim(long epoch) {
        if (epoch <= lastReportedEpoch) {
            return false;
        }
        lastReportedEpoch = epoch;
        highestServingEpoch = Math.max(highestServingEpoch, epoch);
        return true;
    }

    synchronized boolean reported(long epoch) {
        return epoch <= lastReportedEpoch;
    }
}
