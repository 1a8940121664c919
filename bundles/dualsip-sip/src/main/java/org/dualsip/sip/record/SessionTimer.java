package org.dualsip.sip.record;

/**
 * The RFC 4028 session timer of one call, as plain values so that a new active re-arms it exactly
 * where the old one left it. Times are wall-clock epoch millis: the two nodes of a pair share a clock
 * (NTP), a monotonic clock is not comparable across them.
 *
 * @param interval          the session interval in seconds (Session-Expires)
 * @param localRefresher    true when we refresh, false when the far end does
 * @param refreshedAtMillis when the session was last established or refreshed; 0 while not running
 *                          (our INVITE not answered yet)
 * @param minSe             the Min-SE we send in our requests (the larger of ours and the far end's)
 * @param peerAllowsUpdate  the far end listed UPDATE in Allow: our refreshes are bodiless UPDATEs,
 *                          otherwise re-INVITEs with our current SDP
 * @param peerSupportsTimer the far end listed 'timer' in Supported/Require: our 2xx to its requests
 *                          carry Require: timer (RFC 4028 9)
 * @param refreshCSeq       the CSeq of our refresh in flight, 0 when none: its response, even one that
 *                          reaches a new active without a transaction, is recognised by it
 */
public record SessionTimer(int interval, boolean localRefresher, long refreshedAtMillis, int minSe,
                           boolean peerAllowsUpdate, boolean peerSupportsTimer, long refreshCSeq) {

    /** Whether the timer runs (the session was established). */
    public boolean running() {
        return refreshedAtMillis > 0;
    }

    /** When we refresh (the refresher only): half the interval (RFC 4028 10). */
    public long refreshDueMillis() {
        return refreshedAtMillis + interval * 1000L / 2;
    }

    /**
     * When the session expires for us: the interval minus the lesser of 32 s and a third of it
     * (RFC 4028 10), so that our BYE goes before the far end's own expiry.
     */
    public long expiryMillis() {
        return refreshedAtMillis + interval * 1000L - Math.min(32_000L, interval * 1000L / 3);
    }

    /** The session (re)established now, with these negotiated values. */
    public SessionTimer refreshed(int newInterval, boolean weRefresh, long nowMillis) {
        return new SessionTimer(newInterval, weRefresh, nowMillis, minSe, peerAllowsUpdate, peerSupportsTimer, 0);
    }

    public SessionTimer withRefreshCSeq(long cseq) {
        return new SessionTimer(interval, localRefresher, refreshedAtMillis, minSe, peerAllowsUpdate, peerSupportsTimer, cseq);
    }

    public SessionTimer withMinSe(int value) {
        return new SessionTimer(interval, localRefresher, refreshedAtMillis, value, peerAllowsUpdate, peerSupportsTimer, refreshCSeq);
    }

    public SessionTimer withInterval(int value) {
        return new SessionTimer(value, localRefresher, refreshedAtMillis, minSe, peerAllowsUpdate, peerSupportsTimer, refreshCSeq);
    }

    public SessionTimer withPeerAllowsUpdate(boolean allows) {
        return new SessionTimer(interval, localRefresher, refreshedAtMillis, minSe, allows, peerSupportsTimer, refreshCSeq);
    }
}
