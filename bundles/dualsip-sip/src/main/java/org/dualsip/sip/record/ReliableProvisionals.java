package org.dualsip.sip.record;

/**
 * RFC 3262 (100rel, PRACK) state of one call, as plain values so that a new active continues it.
 *
 * @param peerSupports  the far end listed 100rel in Supported (or Require) of its INVITE
 * @param peerRequires  the far end listed 100rel in Require: every provisional of ours is reliable
 * @param localRSeq     the RSeq of the last reliable provisional we sent (the next is one higher)
 * @param unackedCode   the code of our reliable provisional still awaiting its PRACK, 0 when none
 * @param unackedSdp    its SDP, or null
 * @param answerHeld    the application answered while a reliable provisional awaited its PRACK: the
 *                      2xx (with the record's SDP answer) goes once the PRACK arrives (RFC 3262 3)
 * @param remoteRSeq    the RSeq of the last reliable provisional we received and PRACKed (outbound)
 */
public record ReliableProvisionals(boolean peerSupports, boolean peerRequires, long localRSeq, int unackedCode,
                                   String unackedSdp, boolean answerHeld, long remoteRSeq) {

    /** Nothing sent or received yet; our first RSeq will be {@code firstRSeq}. */
    public static ReliableProvisionals inbound(boolean supports, boolean requires, long firstRSeq) {
        return new ReliableProvisionals(supports, requires, firstRSeq - 1, 0, null, false, 0);
    }

    /** Whether a reliable provisional of ours awaits its PRACK. */
    public boolean awaitingPrack() {
        return unackedCode != 0;
    }

    public ReliableProvisionals sent(int code, String sdp) {
        return new ReliableProvisionals(peerSupports, peerRequires, localRSeq + 1, code, sdp, answerHeld, remoteRSeq);
    }

    public ReliableProvisionals acknowledged() {
        return new ReliableProvisionals(peerSupports, peerRequires, localRSeq, 0, null, answerHeld, remoteRSeq);
    }

    public ReliableProvisionals withAnswerHeld(boolean held) {
        return new ReliableProvisionals(peerSupports, peerRequires, localRSeq, unackedCode, unackedSdp, held, remoteRSeq);
    }

    public ReliableProvisionals received(long rseq) {
        return new ReliableProvisionals(peerSupports, peerRequires, localRSeq, unackedCode, unackedSdp, answerHeld, rseq);
    }
}
