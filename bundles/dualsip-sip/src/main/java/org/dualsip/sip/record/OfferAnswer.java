package org.dualsip.sip.record;

/**
 * The call's one offer/answer state machine (RFC 3264, RFC 3311, RFC 6337) as plain values, so that a
 * new active knows whose offer is outstanding, and continues a glare retry, exactly where the old one
 * left them.
 *
 * <p>The phases:
 * <ul>
 * <li>{@link Phase#INITIAL}: the offer/answer of the INVITE (in the INVITE or its 2xx, the answer in a
 *     reliable 1xx, the 2xx or the ACK) is not known to be complete; the call's state says more (a
 *     CONFIRMED call, and an inbound call whose 2xx answered the INVITE's offer, have completed it).</li>
 * <li>{@link Phase#STABLE}: no offer outstanding in either direction.</li>
 * <li>{@link Phase#LOCAL_OFFER}: our re-INVITE/UPDATE offer ({@code method}, {@code cseq}, {@code sdp})
 *     awaits its answer.</li>
 * <li>{@link Phase#REMOTE_OFFER}: the far end's re-INVITE/UPDATE ({@code method}, {@code cseq}) awaits
 *     ours (its details and transaction are in {@link CallRecord#reoffer()}).</li>
 * <li>{@link Phase#LOCAL_RETRY}: our offer met a glare (491); it goes again, with a new CSeq, at
 *     {@code retryAtMillis} (wall clock: a new active re-arms it). No offer is outstanding meanwhile.</li>
 * </ul>
 *
 * @param phase         where the machine is
 * @param method        INVITE or UPDATE of the offer outstanding or to be retried, else null
 * @param cseq          the CSeq of the outstanding request, else 0
 * @param sdp           our offer (LOCAL_OFFER, LOCAL_RETRY; null for a bodiless UPDATE refresh), else null
 * @param forApplication true when the application asked for our offer (its answer goes to it as
 *                      ReofferAnswered), false for the engine's own session refresh
 * @param retryAtMillis when a LOCAL_RETRY goes (epoch millis), else 0
 * @param glares        how many 491s this offer has met so far (bounds the retries)
 */
public record OfferAnswer(Phase phase, String method, long cseq, String sdp, boolean forApplication,
                          long retryAtMillis, int glares) {

    /** Where the offer/answer of a call stands. */
    public enum Phase { INITIAL, STABLE, LOCAL_OFFER, REMOTE_OFFER, LOCAL_RETRY }

    /** A new call: the INVITE's exchange is in progress. */
    public static final OfferAnswer INITIAL = new OfferAnswer(Phase.INITIAL, null, 0, null, false, 0, 0);
    /** Nothing outstanding. */
    public static final OfferAnswer STABLE = new OfferAnswer(Phase.STABLE, null, 0, null, false, 0, 0);

    public OfferAnswer {
        if (phase == null) {
            throw new IllegalArgumentException("no phase");
        }
    }

    /** Our offer sent in a request with this CSeq. */
    public static OfferAnswer localOffer(String method, long cseq, String sdp, boolean forApplication, int glares) {
        return new OfferAnswer(Phase.LOCAL_OFFER, method, cseq, sdp, forApplication, 0, glares);
    }

    /** The far end's re-INVITE/UPDATE with this CSeq awaits our answer. */
    public static OfferAnswer remoteOffer(String method, long cseq) {
        return new OfferAnswer(Phase.REMOTE_OFFER, method, cseq, null, false, 0, 0);
    }

    /** This outstanding offer of ours met a 491: it goes again at {@code atMillis}. */
    public OfferAnswer retryAt(long atMillis) {
        return new OfferAnswer(Phase.LOCAL_RETRY, method, 0, sdp, forApplication, atMillis, glares + 1);
    }

    public boolean is(Phase p) {
        return phase == p;
    }

    /** Whether our offer sent with this CSeq is the one outstanding. */
    public boolean awaitsAnswerTo(long requestCSeq) {
        return phase == Phase.LOCAL_OFFER && cseq == requestCSeq;
    }
}
