package org.dualsip.sip.record;

import java.util.List;

/**
 * The transfer state of one call (RFC 3515 REFER with its implicit subscription, RFC 3891 Replaces), as
 * plain values so that a new active continues it: answers a REFER still waiting for the application,
 * sends the NOTIFYs still due, and ends a replaced call.
 *
 * @param role           RECEIVED: the far end sent us a REFER (we are the transferee and notify);
 *                       SENT: we sent one (we are the transferor and receive NOTIFYs); NONE: no REFER
 *                       (the record only carries {@code replacedCallId})
 * @param stage          where the REFER and its subscription are
 * @param referCSeq      the REFER's CSeq (also the subscription's {@code id} parameter in Event: refer)
 * @param vias           every Via of the REFER received, top first, to answer it from the record; empty
 *                       for SENT
 * @param referTo        the Refer-To URI (without header parameters)
 * @param referredBy     the Referred-By value received, or null
 * @param replaces       the Replaces value carried in the Refer-To URI, unescaped, or null
 * @param subscription   false when the REFER said {@code Refer-Sub: false} (RFC 4488): no NOTIFY is sent
 * @param lastStatus     the last sipfrag status code sent (RECEIVED) or reported (SENT); 0 before any;
 *                       for a refused REFER the code it was refused with
 * @param notifyCSeq     the CSeq of our NOTIFY still unanswered (RECEIVED), 0 when none: a new active
 *                       sends the last state again
 * @param deadlineMillis wall-clock time by which the application must decide (stage PENDING), else 0
 * @param replacedCallId our id of the call this call replaces (RFC 3891), ended with BYE once this one is
 *                       confirmed, or null
 * @param transferOf     our id of the transferred call whose NOTIFYs this call's progress feeds (this call was
 *                       placed by {@code placeTransferCall}), or null
 */
public record Transfer(Role role, Stage stage, long referCSeq, List<String> vias, String referTo, String referredBy,
                       String replaces, boolean subscription, int lastStatus, long notifyCSeq, long deadlineMillis,
                       String replacedCallId, String transferOf) {

    /** Transfer state without a link to a transferred call. */
    public Transfer(Role role, Stage stage, long referCSeq, List<String> vias, String referTo, String referredBy,
                    String replaces, boolean subscription, int lastStatus, long notifyCSeq, long deadlineMillis,
                    String replacedCallId) {
        this(role, stage, referCSeq, vias, referTo, referredBy, replaces, subscription, lastStatus, notifyCSeq,
                deadlineMillis, replacedCallId, null);
    }

    /** Which side of a REFER this call is. */
    public enum Role { NONE, RECEIVED, SENT }

    /**
     * PENDING: a REFER received awaits the application's decision; ACTIVE: accepted (202) or, for SENT,
     * sent and not finished; TERMINATED: the final NOTIFY sent/received, or the subscription ended;
     * REFUSED: a REFER received and refused ({@code lastStatus} is the code).
     */
    public enum Stage { PENDING, ACTIVE, TERMINATED, REFUSED }

    public Transfer {
        vias = vias == null ? List.of() : List.copyOf(vias);
    }

    /** Only the link to the call this one replaces. */
    public static Transfer replacing(String replacedCallId) {
        return new Transfer(Role.NONE, Stage.TERMINATED, 0, List.of(), null, null, null, false, 0, 0, 0, replacedCallId, null);
    }

    /** Only the link to the transferred call whose progress this (outbound) call reports. */
    public static Transfer reporting(String transferredCallId) {
        return new Transfer(Role.NONE, Stage.TERMINATED, 0, List.of(), null, null, null, false, 0, 0, 0, null,
                transferredCallId);
    }

    /** A REFER received, awaiting the application until {@code deadlineMillis}. */
    public static Transfer received(Transfer before, long cseq, List<String> vias, String referTo, String referredBy,
                                    String replaces, boolean subscription, long deadlineMillis) {
        return new Transfer(Role.RECEIVED, Stage.PENDING, cseq, vias, referTo, referredBy, replaces, subscription, 0, 0,
                deadlineMillis, before == null ? null : before.replacedCallId, before == null ? null : before.transferOf);
    }

    /** A REFER we send with CSeq {@code cseq}. */
    public static Transfer sent(Transfer before, long cseq, String referTo) {
        return new Transfer(Role.SENT, Stage.ACTIVE, cseq, List.of(), referTo, null, null, true, 0, 0, 0,
                before == null ? null : before.replacedCallId, before == null ? null : before.transferOf);
    }

    /** Whether a REFER (either way) is still in progress. */
    public boolean inProgress() {
        return role != Role.NONE && (stage == Stage.PENDING || stage == Stage.ACTIVE);
    }

    public Transfer withStage(Stage s) {
        return new Transfer(role, s, referCSeq, vias, referTo, referredBy, replaces, subscription, lastStatus,
                notifyCSeq, s == Stage.PENDING ? deadlineMillis : 0, replacedCallId, transferOf);
    }

    /** A status sent in a NOTIFY with CSeq {@code cseq} (0: none sent) or reported to the application. */
    public Transfer withStatus(int status, long cseq) {
        Stage next = status >= 200 ? Stage.TERMINATED : stage;
        return new Transfer(role, next, referCSeq, vias, referTo, referredBy, replaces, subscription, status, cseq,
                next == Stage.PENDING ? deadlineMillis : 0, replacedCallId, transferOf);
    }

    /** A REFER received and refused with {@code code}. */
    public Transfer refused(int code) {
        return new Transfer(role, Stage.REFUSED, referCSeq, vias, referTo, referredBy, replaces, subscription, code, 0, 0,
                replacedCallId, transferOf);
    }

    /** A report on our REFER (SENT): its response or a NOTIFY's sipfrag code; {@code finished} on the last. */
    public Transfer reported(int code, boolean finished) {
        return new Transfer(role, finished ? Stage.TERMINATED : Stage.ACTIVE, referCSeq, vias, referTo, referredBy,
                replaces, subscription, code, 0, 0, replacedCallId, transferOf);
    }

    /** Our NOTIFY got its answer (or none will come): nothing to send again. */
    public Transfer notifyAnswered() {
        return new Transfer(role, stage, referCSeq, vias, referTo, referredBy, replaces, subscription, lastStatus, 0,
                deadlineMillis, replacedCallId, transferOf);
    }

    /** The subscription ends without a final NOTIFY (the far end answered 481 or nothing). */
    public Transfer ended() {
        return new Transfer(role, Stage.TERMINATED, referCSeq, vias, referTo, referredBy, replaces, subscription,
                lastStatus, 0, 0, replacedCallId, transferOf);
    }

    /** The replaced call has been ended: the link is kept only as history. */
    public Transfer withReplacedCallId(String id) {
        return new Transfer(role, stage, referCSeq, vias, referTo, referredBy, replaces, subscription, lastStatus,
                notifyCSeq, deadlineMillis, id, transferOf);
    }
}
